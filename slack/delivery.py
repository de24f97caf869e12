"""Sending Slack messages: claim, post, record; retry; fall back to email.

Guarantee: every SlackMessage ends `sent` (its email then `elsewhere`: never sent), or
`emailed` (its email released and sent by the outbox, at least once), or `cancelled` (its
email was cancelled: the recipient erased, the commitment withdrawn). Each transition is one
conditional UPDATE, so a task delivered twice posts once:

| from     | event                                                   | to        |
|----------|---------------------------------------------------------|-----------|
| (none)   | `slack.channel.carry_by_slack`, in the notice's transaction | pending |
| pending  | claimed once `next_attempt_at` (the email's send_after) came | sending |
| sending  | chat.postMessage answered ok                            | sent      |
| sending  | Slack failed in a way that may pass (network, 5xx, 429,  | pending   |
|          |   ratelimited), fewer than ACCORD_SLACK_ATTEMPTS tries  |           |
| sending  | the person is not in the workspace, Slack refused for   | emailed   |
|          |   good (invalid_auth, channel_not_found …), or the last |           |
|          |   try failed: the email is released (`release_email`)   |           |
| pending, | its email is no longer held (cancelled)                 | cancelled |
| sending  |                                                         |           |
| sending  | claim older than CLAIM_TIMEOUT (the worker died)        | sending   |

A post that Slack accepted but whose answer was lost is posted again on the retry (Slack has
no idempotency key for chat.postMessage); that is the only duplicate, as with email.
`dispatch_due` (beat) enqueues what is due and not on the broker: messages waiting for the
recipient's working day, retries, and messages whose task was lost.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outbox.delivery import delivered_elsewhere, release_email
from outbox.models import OutboundEmail

from .api import SlackError, call, configured
from .channel import enqueue
from .messages import compose
from .models import SlackMessage
from .people import slack_user_for

logger = logging.getLogger(__name__)
State = SlackMessage.State
CLAIM_TIMEOUT = timedelta(seconds=90)  # the task's hard limit (60 s) and then some
REQUEUE_AFTER = timedelta(seconds=60)


def _claimable(now):
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )


def backoff(attempts: int) -> timedelta:
    base = settings.ACCORD_SLACK_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 600))


def send_message(message_id: int, *, now=None) -> str:
    """Claim, post, record. Returns what happened (for logs and tests)."""
    now = now or timezone.now()
    if not SlackMessage.objects.filter(_claimable(now), pk=message_id).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    ):
        return "not claimed"
    message = SlackMessage.objects.select_related(
        "email", "recipient", "requisition", "reminder__commitment__requisition"
    ).get(pk=message_id)
    if message.attempts > settings.ACCORD_SLACK_ATTEMPTS + 2:
        # Claimed again and again by workers that died mid-send (a claim timing out each
        # time): stop trying Slack, the email goes.
        return fall_back(message, "no worker finished sending it")
    if message.email.state != OutboundEmail.State.HELD:
        _record(message, state=State.CANCELLED, last_error=f"email {message.email.state}")
        return "cancelled"
    if not configured():
        return fall_back(message, "Slack is not connected any more")
    try:
        account = slack_user_for(message.recipient, now=now)
        if account is None:
            return fall_back(message, "not found in Slack by their email")
        reply = call("chat.postMessage", channel=account.slack_user_id, **compose(message, now))
    except SlackError as error:
        if error.retryable and message.attempts < settings.ACCORD_SLACK_ATTEMPTS:
            wait = backoff(message.attempts)
            if error.retry_after:
                wait = max(wait, timedelta(seconds=error.retry_after))
            retry_at = now + wait
            if _record(
                message,
                state=State.PENDING,
                last_error=error.error,
                next_attempt_at=retry_at,
                queued_at=retry_at,
            ):
                enqueue([message.pk], countdown=wait.total_seconds())
            return "retry"
        return fall_back(message, f"Slack said {error.error}")
    with transaction.atomic():
        _record(
            message,
            state=State.SENT,
            sent_at=timezone.now(),
            last_error="",
            channel=str(reply.get("channel") or "")[:32],
            ts=str(reply.get("ts") or "")[:32],
        )
        delivered_elsewhere(
            message.email_id,
            how=f"Delivered by Slack to @{account.handle or account.slack_user_id}",
        )
    return "sent"


def _record(message, *, state, **fields) -> bool:
    """This claim's holder records the outcome (never over a later claim)."""
    return bool(
        SlackMessage.objects.filter(
            pk=message.pk, state=State.SENDING, claimed_at=message.claimed_at
        ).update(state=state, **fields)
    )


@transaction.atomic
def fall_back(message, why: str) -> str:
    """The email goes after all: released from its hold, due now."""
    if _record(message, state=State.EMAILED, last_error=why[:300]):
        release_email(message.email_id, reason=f"Slack: {why}; sent by email instead")
    return "emailed"


def dispatch_due(now=None, limit: int = 1000) -> int:
    """Beat: enqueue the messages whose time has come and that are not on the broker (never
    enqueued, or long ago: lost with Redis or a killed worker). Two beats take different rows
    (SKIP LOCKED) and stamp `queued_at` in the same transaction."""
    now = now or timezone.now()
    not_on_broker = Q(queued_at__isnull=True) | Q(queued_at__lt=F("next_attempt_at"))
    not_on_broker |= Q(queued_at__lt=now - REQUEUE_AFTER)
    with transaction.atomic():
        ids = list(
            SlackMessage.objects.filter(_claimable(now))
            .filter(not_on_broker)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            SlackMessage.objects.filter(pk__in=ids).update(queued_at=now)
            transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


def update_message(message_id: int) -> str:
    """Say in Slack what a button did (chat.update of the message, its buttons gone). Safe
    to run twice: it writes the same message again."""
    message = SlackMessage.objects.select_related(
        "recipient", "requisition", "reminder__commitment__requisition"
    ).get(pk=message_id)
    if not (message.channel and message.ts and message.outcome) or not configured():
        return "nothing to update"
    call("chat.update", channel=message.channel, ts=message.ts, **compose(message))
    return "updated"
