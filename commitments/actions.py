"""Acting from the message (issue 18): the buttons a reminder, escalation or notice carries
for its recipient, their signed tokens, and the one function that carries one out.

Guarantees:
- A token is signed (Django's signing, its own salt) over one person, one commitment and
  one action; a changed character fails the signature. It expires after 7 days, or as soon
  as the commitment is no longer open and running (met, waived, withdrawn, declined,
  paused). It is single-use: `use_token` claims its digest (a unique row) in the same
  transaction as the action, so a replay or a double click acts once, and an action that
  fails leaves the token unused.
- A GET never changes anything: a token only opens a confirmation page; the change is a POST
  from that page. At POST time the action's `problem` is asked again — rights and state as
  they are now — and a refusal says plainly why.
- Every use is journaled with the action and the client address; the token is never
  written anywhere (links carry it in the query string, which the access log leaves out).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes

from accounts.models import User
from config.hooks import Hooks
from hiring.journal import record_activity
from hiring.models import Activity

from .models import ActionToken, Commitment, Step, token_digest
from .service_terms import CommitmentKind
from .wording import absolute_url

SALT = "accord.commitments.email-action"
TOKEN_DAYS = 7


@dataclass(frozen=True)
class Action:
    """One thing a person may do about a commitment from a message.

    `audience`: "owner" (whoever owes it), "escalation" (the other side and HR once it is
    escalated) or "answerer" (who answers a decline or a request for more time).
    `problem(commitment, person)` is None when the person may do it now, otherwise the plain
    sentence why not. `perform(commitment=, person=, data=)` does it through the domain
    and returns what was done; `form(data, commitment=, person=)` builds the form its
    confirmation page asks (or None for none)."""

    name: str
    label: str
    effect: str
    audience: str
    problem: Callable
    perform: Callable
    kinds: frozenset[str] | None = None
    form: type | None = None
    primary: bool = False
    about: Callable | None = None  # the subject in words: "Jane Doe (Senior Engineer)"


EMAIL_ACTIONS = Hooks(
    "commitments.actions.EMAIL_ACTIONS",
    signature="fn() -> Iterable[commitments.actions.Action]",
    called_in="none: read once, when the first button or confirmation page is built",
)

_registry: dict[str, Action] | None = None


def actions() -> dict[str, Action]:
    """Every action, by name, from the providers registered in EMAIL_ACTIONS."""
    global _registry
    if _registry is None or len(_registry) == 0:
        found = {}
        for provider in EMAIL_ACTIONS:
            found.update({a.name: a for a in provider()})
        _registry = found
    return _registry


def action_named(name: str) -> Action | None:
    return actions().get(name)


# --- tokens ---------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _keyed_mac(salt: str, key: str):
    """HMAC-SHA256 keyed as `django.utils.crypto.salted_hmac` keys it (SHA-256 of salt and
    secret), ready to copy: deriving that key is most of the cost of one signature."""
    derived = hashlib.sha256(force_bytes(salt) + force_bytes(key)).digest()
    return hmac.new(derived, digestmod=hashlib.sha256)


class _Signer(signing.TimestampSigner):
    """Django's TimestampSigner (what `signing.dumps` uses, so `signing.loads` reads its
    tokens) with the HMAC key derived once per secret instead of once per token."""

    def signature(self, value, key=None):
        mac = _keyed_mac(self.salt + "signer", key or self.key).copy()
        mac.update(force_bytes(value))
        return signing.b64_encode(mac.digest()).decode()


def mint_token(*, person, commitment, action: str) -> str:
    """`signing.dumps({"p", "c", "a"}, salt=SALT)`, byte for byte."""
    payload = {"p": person.pk, "c": commitment.pk, "a": action}
    return _Signer(salt=SALT).sign_object(payload)


class ActionLinks:
    """Signed links for many buttons (the sweep builds thousands after downtime): the
    confirmation page's address reversed once, one signer and one timestamp for all (a
    batch takes a second at most; the tokens live 7 days). Each token is the one
    `mint_token` writes at that timestamp (a test compares)."""

    def __init__(self):
        self.base = absolute_url(f"{reverse('commitments:email-action')}?t=")
        self.signer = _Signer(salt=SALT)
        self.timestamp = self.signer.timestamp()

    def token(self, *, person, commitment, action: str) -> str:
        # JSONSerializer's compact JSON of {"p", "c", "a"}, written out (ids are ints).
        data = f'{{"p":{int(person.pk)},"c":{int(commitment.pk)},"a":{json.dumps(action)}}}'
        value = f"{signing.b64_encode(data.encode('latin-1')).decode()}:{self.timestamp}"
        return f"{value}:{self.signer.signature(value)}"

    def url(self, *, person, commitment, action: str) -> str:
        return self.base + self.token(person=person, commitment=commitment, action=action)


def action_url(*, person, commitment, action: str) -> str:
    return token_url(mint_token(person=person, commitment=commitment, action=action))


def token_url(token: str) -> str:
    return absolute_url(f"{reverse('commitments:email-action')}?t={token}")


class TokenRefused(Exception):
    """Why a token cannot act: shown as it is, with a link to sign in."""

    def __init__(self, message: str, *, reason: str, commitment=None, action=None):
        super().__init__(message)
        self.reason = reason
        self.commitment = commitment
        self.action = action


@dataclass
class Ticket:
    """A token that checked out: whose, on which commitment, for which action."""

    token: str
    person: object
    commitment: Commitment
    action: Action


def read_token(token: str, *, now=None) -> Ticket:
    """The ticket a token stands for, or TokenRefused saying why not (tampered, expired,
    used, or the commitment no longer open)."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=timedelta(days=TOKEN_DAYS))
    except signing.SignatureExpired:
        raise TokenRefused("This link is more than 7 days old.", reason="expired") from None
    except signing.BadSignature:
        raise TokenRefused(
            "This link is not one Accord sent: it may have been cut or changed.",
            reason="tampered",
        ) from None
    action = action_named(str(data.get("a")))
    commitment = (
        Commitment.objects.select_related("requisition", "owner").filter(pk=data.get("c")).first()
    )
    person = _person(data.get("p"))
    if action is None or commitment is None or person is None:
        raise TokenRefused("This link no longer leads anywhere.", reason="unknown")
    if ActionToken.objects.filter(digest=token_digest(token)).exists():
        raise TokenRefused(
            "This link was used already; each button works once.",
            reason="used",
            commitment=commitment,
            action=action,
        )
    if commitment.state != Commitment.State.OPEN:
        raise TokenRefused(
            f"“{commitment.title}” is no longer open ({commitment.get_state_display().lower()}):"
            " there is nothing left to do.",
            reason="closed",
            commitment=commitment,
            action=action,
        )
    if commitment.is_paused:
        raise TokenRefused(
            f"“{commitment.title}” is paused while the search is on hold.",
            reason="paused",
            commitment=commitment,
            action=action,
        )
    return Ticket(token=token, person=person, commitment=commitment, action=action)


def _person(pk):
    return User.objects.filter(pk=pk, is_active=True).first()


@transaction.atomic
def use_token(
    *, ticket: Ticket, data: dict, client_address: str | None, via: str = "an email"
) -> str:
    """Carry out the ticket's action once: claim the token, check again that the person may
    do it now, do it, journal it. Returns what was done; raises ValidationError (nothing
    changed, the token still usable) when the action is no longer possible. `via`: where
    the button was ("an email", "Slack"), as the journal says it."""
    action, commitment, person = ticket.action, ticket.commitment, ticket.person
    try:
        with transaction.atomic():
            ActionToken.objects.create(
                digest=token_digest(ticket.token),
                person=person,
                commitment=commitment,
                action=action.name,
                used_from=client_address,
            )
    except IntegrityError:
        raise ValidationError("This link was used already; each button works once.") from None
    done = perform_action(action=action, commitment=commitment, person=person, data=data)
    record_activity(
        requisition=commitment.requisition,
        actor=person,
        kind=Activity.Kind.EMAIL_ACTION,
        summary=f"{person.display_name} acted from {via} on “{commitment.title}”: {action.label}",
        details={
            "commitment": commitment.pk,
            "action": action.name,
            "client_address": client_address or "",
            **({"via": via} if via != "an email" else {}),
        },
    )
    return done


@transaction.atomic
def perform_action(*, action: Action, commitment: Commitment, person, data: dict) -> str:
    """Re-check and perform (the signed-in confirmation page calls this directly)."""
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("requisition", "owner")
        .get(pk=commitment.pk)
    )
    if commitment.state != Commitment.State.OPEN:
        raise ValidationError(f"“{commitment.title}” is no longer open: nothing left to do.")
    if not _fits(action, commitment):
        raise ValidationError(f"“{action.label}” is not something to do about this commitment.")
    problem = action.problem(commitment, person)
    if problem:
        raise ValidationError(problem)
    return action.perform(commitment=commitment, person=person, data=data)


# --- which buttons a message carries ----------------------------------------------------------
OPEN_LABELS = {
    CommitmentKind.INTERVIEW_FEEDBACK: "Open the scorecard",
    CommitmentKind.SIGN_AGREEMENT: "Review and sign",
    CommitmentKind.RECORD_CHECKIN: "Open the record",
    CommitmentKind.ACTION_ITEM: "Open the action item",
    CommitmentKind.REVIEW_CANDIDATE: "Open the review",
}


def _fits(action: Action, commitment) -> bool:
    return action.kinds is None or commitment.kind in action.kinds


def buttons(
    *,
    commitment,
    person,
    step: int = Step.REMINDER,
    audience: str | None = None,
    names=None,
    signed_in: bool = False,
    links: ActionLinks | None = None,
):
    """The buttons a message about `commitment` carries for `person`, as dicts of label,
    url and primary. Worked out from the commitment's kind and the person's place only (no
    query: the sweep builds thousands); each button's page checks again before it acts.
    Emails from an organisation that turned them off (ACCORD_EMAIL_ACTIONS=0) carry the
    same buttons; their links lead through the sign-in. `signed_in`: the bell's buttons,
    straight to the signed-in confirmation page. `links`: one ActionLinks for many calls."""
    found = []
    is_owner = person.pk == commitment.owner_id
    wanted = audience or ("owner" if is_owner else "escalation")
    if wanted == "escalation" and step < Step.ESCALATION:
        return []
    if not signed_in and links is None:
        links = ActionLinks()
    for action in actions().values():
        if names is not None and action.name not in names:
            continue
        if action.audience == wanted and _fits(action, commitment):
            token = (
                ""
                if signed_in
                else links.token(person=person, commitment=commitment, action=action.name)
            )
            found.append(
                {
                    "label": action.label,
                    "url": (
                        reverse("commitments:commitment-act", args=[commitment.pk, action.name])
                        if signed_in
                        else links.base + token
                    ),
                    "primary": action.primary,
                    # For other channels (a Slack button acts on the same token when the
                    # action asks nothing more: slack.messages).
                    "action": action.name,
                    "token": token,
                }
            )
    if is_owner and wanted == "owner":
        # The page where it is done, always: beside the one-step buttons, or alone.
        label = OPEN_LABELS.get(commitment.kind, "Open it in Accord")
        url = commitment.url if signed_in else absolute_url(commitment.url)
        found.append({"label": label, "url": url, "primary": not found})
        page = f"/commitments/{commitment.pk}/"
        found.append(
            {
                "label": "Not mine, or need more time",
                "url": page if signed_in else absolute_url(page),
                "primary": False,
            }
        )
    return found


def email_actions_on() -> bool:
    return bool(getattr(settings, "ACCORD_EMAIL_ACTIONS", True))
