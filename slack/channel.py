"""Slack as a channel for reminders and notices (`commitments.delivery.DIRECT_CHANNELS`).

Called in the transaction that writes the reminders or the notice, after their emails: for
each person who has not turned Slack off (and is not known to be missing from the workspace)
it writes a `SlackMessage` beside the email and holds the email (`outbox.delivery.
hold_emails`), so both exist exactly when the reminder does; the send task is enqueued on
commit. No HTTP here: Slack is asked only by the task (slack.delivery), which sends the email
after all when Slack does not know the person or keeps failing.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outbox.delivery import hold_emails
from outbox.models import OutboundEmail

from .api import configured
from .models import SlackAccount, SlackMessage

logger = logging.getLogger(__name__)


def _left_out(people: set[int], now) -> set[int]:
    """People who turned Slack off, and people Slack did not know at a look-up still fresh
    (their emails go at once, without waiting for a task to ask again)."""
    left = set()
    for account in SlackAccount.objects.filter(
        Q(direct_messages=False) | Q(slack_user_id="", checked_at__isnull=False),
        user_id__in=people,
    ).select_related("user"):
        if not account.direct_messages or account.is_fresh(account.user.email, now):
            left.add(account.user_id)
    return left


def carry_by_slack(deliveries) -> None:
    if not configured():
        return
    now = timezone.now()
    left_out = _left_out({d.person.pk for d in deliveries}, now)
    taken = [
        d
        for d in deliveries
        if d.person.pk not in left_out and d.email.state == OutboundEmail.State.PENDING
    ]
    rows = [
        SlackMessage(
            email_id=d.email.pk,
            recipient=d.person,
            requisition=d.requisition,
            reminder=d.reminder,
            text=(d.text or "")[:400],
            url=(d.url or "")[:300],
            buttons=[dict(b) for b in d.buttons],
            created_at=now,
            # Quiet hours: the email's moment (the recipient's working day) is the message's.
            next_attempt_at=d.email.send_after or now,
        )
        for d in taken
    ]
    if not rows:
        return
    for d in taken:  # held: a writer that enqueues its emails on commit leaves these out
        d.email.state, d.email.queued_at = OutboundEmail.State.HELD, None
    SlackMessage.objects.bulk_create(rows, ignore_conflicts=True)
    email_ids = [row.email_id for row in rows]
    hold_emails(email_ids)
    due = list(
        SlackMessage.objects.filter(
            email_id__in=email_ids, state=SlackMessage.State.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    if due:
        SlackMessage.objects.filter(pk__in=due).update(queued_at=now)
        transaction.on_commit(lambda: enqueue(due))


def enqueue(message_ids, *, countdown: float | None = None) -> None:
    from .tasks import send_slack_message  # noqa: PLC0415 — the task runs slack.delivery, which enqueues through here: a real cycle

    try:
        for pk in message_ids:
            send_slack_message.apply_async([pk], countdown=countdown)
    except Exception:  # noqa: BLE001 — the row is the promise, the broker only a nudge
        logger.warning(
            "Broker unavailable; %d Slack message(s) left for the dispatcher", len(message_ids)
        )
