"""A button pressed in Slack (the interactivity request URL, `/slack/interactions/`).

Slack signs each request: `X-Slack-Signature` is `v0=` and the hex HMAC-SHA256, keyed with
the app's signing secret, of `v0:{X-Slack-Request-Timestamp}:{the raw body}`. A request
whose signature does not match, or whose timestamp is more than five minutes from now (a
replay), is refused before anything is read (`verify`). Then the button's value — the same
signed, single-use token an email button carries (commitments.actions) — goes through
`read_token` and `use_token`: the person must be the one the message was sent to (the Slack
user who pressed is the one their email maps to, `SlackAccount`), and rights and state are
checked again as the action happens, in its transaction. The message is then updated (a
task, on commit) to say what was done, or why not.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from commitments.actions import TokenRefused, email_actions_on, read_token, use_token

from . import modals
from .api import SlackError, call
from .messages import ACT, FORM
from .models import SlackAccount, SlackMessage
from .tasks import update_slack_message

logger = logging.getLogger(__name__)
DONE = "✓"  # how an outcome that was done begins
TOLERANCE = 5 * 60  # seconds between Slack's timestamp and our clock


def signature(body: bytes, timestamp: str, secret: str) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify(body: bytes, timestamp: str | None, given: str | None, *, now=None) -> bool:
    """True when Slack signed this body within the last five minutes."""
    secret = settings.ACCORD_SLACK_SIGNING_SECRET
    if not (secret and timestamp and given) or not timestamp.isdigit():
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > TOLERANCE:
        return False
    return hmac.compare_digest(signature(body, timestamp, secret), given)


@dataclass
class Pressed:
    token: str
    slack_user: str
    channel: str
    ts: str
    kind: str = ACT
    trigger_id: str = ""


def pressed(payload: dict) -> list[Pressed]:
    """The acting buttons of a block_actions payload (a link button's press is only Slack
    telling us it opened a page)."""
    if not isinstance(payload, dict) or payload.get("type") != "block_actions":
        return []
    user = _dict(payload.get("user")).get("id") or ""
    container = _dict(payload.get("container"))
    channel = container.get("channel_id") or _dict(payload.get("channel")).get("id") or ""
    ts = container.get("message_ts") or _dict(payload.get("message")).get("ts") or ""
    found = []
    actions = payload.get("actions")
    for action in actions if isinstance(actions, list) else []:
        if not isinstance(action, dict):
            continue
        kind = str(action.get("action_id", "")).partition(":")[0]
        if kind in (ACT, FORM) and action.get("value"):
            found.append(
                Pressed(
                    str(action["value"]),
                    str(user),
                    str(channel),
                    str(ts),
                    kind=kind,
                    trigger_id=str(payload.get("trigger_id") or ""),
                )
            )
    return found


def _dict(value) -> dict:
    """A part of a payload that should be an object (anything else reads as empty)."""
    return value if isinstance(value, dict) else {}


def parse(form_payload: str) -> dict:
    try:
        payload = json.loads(form_payload or "")
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _theirs(person, slack_user: str) -> bool:
    """The Slack user is the one the person's email maps to (SlackAccount)."""
    return (
        SlackAccount.objects.filter(user=person, slack_user_id=slack_user)
        .exclude(slack_user_id="")
        .exists()
    )


def act(press: Pressed, *, client_address: str | None) -> str:
    """Carry out one pressed button; returns what to say in the message (done, or why not).
    Nothing changes unless every rule of the email's button holds."""
    try:
        ticket = read_token(press.token)
    except TokenRefused as refused:
        return _say(press, f"⚠ {refused}")
    person = ticket.person
    if not _theirs(person, press.slack_user):
        # Not the person the message was sent to (as their email maps them in Slack).
        return "⚠ This button was sent to someone else."
    if not email_actions_on():
        return _say(press, "⚠ Your organisation asks you to sign in for this: open it in Accord.")
    if ticket.action.form is not None:
        return open_form(press, ticket)
    try:
        with transaction.atomic():
            done = use_token(ticket=ticket, data={}, client_address=client_address, via="Slack")
            said = _say(press, f"{DONE} {done}", person=person)
    except ValidationError as error:
        return _say(press, f"⚠ {' '.join(error.messages)}", person=person)
    return said


def _say(press: Pressed, outcome: str, *, person=None) -> str:
    """Keep the outcome on the message it was pressed in and update it there on commit. What
    was done stays said: a later refusal (a replay, a second click) does not replace it."""
    message = SlackMessage.objects.filter(channel=press.channel, ts=press.ts).first()
    if message is not None and (person is None or message.recipient_id == person.pk):
        said = SlackMessage.objects.filter(pk=message.pk).exclude(outcome__startswith=DONE)
        if said.update(outcome=outcome[:400]):
            transaction.on_commit(lambda: _update_later(message.pk))
    return outcome


def _update_later(message_id: int) -> None:
    try:
        update_slack_message.delay(message_id)
    except Exception:  # noqa: BLE001 — the action is done; only its echo in Slack is lost
        logger.warning("Broker unavailable; Slack message %s not updated", message_id)


def open_form(press: Pressed, ticket) -> str:
    """The action's form as a modal (nothing changes until it is submitted)."""
    action, commitment, person = ticket.action, ticket.commitment, ticket.person
    problem = action.problem(commitment, person)
    if problem:
        return _say(press, f"⚠ {problem}", person=person)
    form = action.form(None, commitment=commitment, person=person)
    decliner = commitment.declined_by.display_name if commitment.declined_by_id else ""
    view = modals.modal(
        form=form,
        title=action.label,
        effect=action.effect.format(owner=commitment.owner.display_name, decliner=decliner),
        about=action.about(commitment) if action.about else commitment.title,
        metadata={"t": press.token, "c": press.channel, "ts": press.ts},
        submit="Done",
    )
    try:
        call("views.open", trigger_id=press.trigger_id, view=view)
    except SlackError as error:
        return _say(press, f"⚠ Slack could not open the form ({error.error}): open it in Accord.")
    return "form opened"


def submit(payload: dict, *, client_address: str | None) -> dict | None:
    """A modal submitted: the form checks it; None closes the modal (done, or refused and
    said in the message), a dict is Slack's `response_action: errors` beside the fields."""
    view = _dict(payload.get("view"))
    if view.get("callback_id") != modals.CALLBACK:
        return None
    try:
        meta = _dict(json.loads(str(view.get("private_metadata") or "{}")))
    except ValueError:
        return None
    user = str(_dict(payload.get("user")).get("id") or "")
    press = Pressed(str(meta.get("t", "")), user, str(meta.get("c", "")), str(meta.get("ts", "")))
    try:
        ticket = read_token(press.token)
    except TokenRefused as refused:
        _say(press, f"⚠ {refused}")
        return None
    action, commitment, person = ticket.action, ticket.commitment, ticket.person
    if action.form is None or not _theirs(person, user) or not email_actions_on():
        return None
    form = action.form(modals.submitted_data(view), commitment=commitment, person=person)
    if not form.is_valid():
        return {"response_action": "errors", "errors": modals.field_errors(form, form.fields)}
    try:
        with transaction.atomic():
            done = use_token(
                ticket=ticket, data=form.cleaned_data, client_address=client_address, via="Slack"
            )
            _say(press, f"{DONE} {done}", person=person)
    except ValidationError as error:
        return {"response_action": "errors", "errors": modals.field_errors(error, form.fields)}
    return None
