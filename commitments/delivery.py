"""Email delivery of reminders.

Guarantee: the in-app notification exists exactly once (the sweep writes it with the
Reminder row). Email goes out at least once: a worker claims a reminder with a conditional
UPDATE before sending (pending → sending), so two workers holding the same message send it
once; a claim that is never confirmed (the worker died) becomes claimable again after
CLAIM_TIMEOUT, and `requeue_stale_emails` re-enqueues anything not sent within
REQUEUE_AFTER (a message lost to a Redis restart). A duplicate email can only happen when a
worker dies after the mail server accepted the message and before the 'sent' UPDATE
commits; every attempt carries the same Message-ID, so mail systems can drop it.
Attempts are capped by MAX_ATTEMPTS, counted in the database, not in the broker.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Reminder
from .wording import absolute_url, reminder_subject, reminder_text

CLAIM_TIMEOUT = timedelta(seconds=settings.ACCORD_EMAIL_CLAIM_TIMEOUT_SECONDS)
REQUEUE_AFTER = timedelta(seconds=settings.ACCORD_EMAIL_REQUEUE_AFTER_SECONDS)
MAX_ATTEMPTS = 5


def _claimable(now):
    return Q(email_state=Reminder.Email.PENDING) | Q(
        email_state=Reminder.Email.SENDING, email_claimed_at__lt=now - CLAIM_TIMEOUT
    )


def claim_reminder_email(reminder_id: int, now=None) -> bool:
    """True when this caller now owns sending this reminder's email."""
    now = now or timezone.now()
    return bool(
        Reminder.objects.filter(
            _claimable(now), pk=reminder_id, email_attempts__lt=MAX_ATTEMPTS
        ).update(
            email_state=Reminder.Email.SENDING,
            email_claimed_at=now,
            email_attempts=F("email_attempts") + 1,
        )
    )


def build_reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    commitment = reminder.commitment
    context = {
        "reminder": reminder,
        "commitment": commitment,
        "text": reminder_text(reminder),
        "url": absolute_url(commitment.url),
        "preferences_url": absolute_url("/notifications/preferences/"),
    }
    message = EmailMultiAlternatives(
        subject=reminder_subject(reminder),
        body=render_to_string("emails/reminder.txt", context),
        to=[reminder.recipient.email],
        headers={"Message-ID": reminder.message_id},
    )
    message.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
    return message


def send_reminder_email(reminder_id: int) -> str:
    """Claim, send, record. Returns what happened, for logs and tests."""
    if not claim_reminder_email(reminder_id):
        return "not claimed"
    reminder = Reminder.objects.select_related(
        "recipient", "commitment__requisition", "commitment__owner"
    ).get(pk=reminder_id)
    try:
        build_reminder_email(reminder).send()
    except Exception as error:  # noqa: BLE001 — any mail failure is recorded and retried
        gave_up = reminder.email_attempts >= MAX_ATTEMPTS
        Reminder.objects.filter(pk=reminder_id, email_state=Reminder.Email.SENDING).update(
            email_state=Reminder.Email.FAILED if gave_up else Reminder.Email.PENDING,
            email_error=repr(error)[:500],
            email_queued_at=timezone.now(),
        )
        return "failed"
    Reminder.objects.filter(pk=reminder_id).update(
        email_state=Reminder.Email.SENT, email_sent_at=timezone.now(), email_error=""
    )
    return "sent"


def requeue_stale_emails(now=None, limit: int = 2000) -> int:
    """Re-enqueue reminder emails that should have gone by now (lost or crashed sends)."""
    from .tasks import send_reminder_emails

    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Reminder.objects.filter(
                email_state__in=[Reminder.Email.PENDING, Reminder.Email.SENDING],
                email_queued_at__lt=now - REQUEUE_AFTER,
                email_attempts__lt=MAX_ATTEMPTS,
            )
            .order_by("email_queued_at")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return 0
        Reminder.objects.filter(pk__in=ids).update(email_queued_at=now)
        for start in range(0, len(ids), 100):
            send_reminder_emails.delay_on_commit(ids[start : start + 100])
    return len(ids)


def send_digest(user_id: int, now=None) -> int:
    """One morning email with every reminder this person chose to get as a digest.

    The reminders are claimed first (digest → sending, one UPDATE), so two digest tasks for
    the same person send one email, and no row lock is held while the mail server talks.
    A failed send hands them back to the next digest.
    """
    now = now or timezone.now()
    waiting = Reminder.objects.filter(recipient_id=user_id, email_state=Reminder.Email.DIGEST)
    ids = list(waiting.values_list("pk", flat=True))
    claimed = Reminder.objects.filter(pk__in=ids, email_state=Reminder.Email.DIGEST)
    if not ids or not claimed.update(
        email_state=Reminder.Email.SENDING,
        email_claimed_at=now,
        email_attempts=F("email_attempts") + 1,
    ):
        return 0
    reminders = list(
        Reminder.objects.filter(
            pk__in=ids, email_state=Reminder.Email.SENDING, email_claimed_at=now
        )
        .select_related("recipient", "commitment__requisition", "commitment__owner")
        .order_by("commitment__requisition__title", "created_at")
    )
    recipient = reminders[0].recipient
    by_requisition = defaultdict(list)
    for reminder in reminders:
        by_requisition[reminder.commitment.requisition].append(
            {"text": reminder_text(reminder, now), "url": absolute_url(reminder.commitment.url)}
        )
    context = {"person": recipient, "groups": dict(by_requisition), "count": len(reminders)}
    plural = "s" if len(reminders) != 1 else ""
    message = EmailMultiAlternatives(
        subject=f"Accord: {len(reminders)} reminder{plural} on your searches",
        body=render_to_string("emails/digest.txt", context),
        to=[recipient.email],
        headers={"Message-ID": f"<digest-{user_id}-{now:%Y%m%d%H%M}@accord>"},
    )
    message.attach_alternative(render_to_string("emails/digest.html", context), "text/html")
    mine = Reminder.objects.filter(pk__in=[r.pk for r in reminders])
    try:
        message.send()
    except Exception:
        mine.update(email_state=Reminder.Email.DIGEST)
        raise
    mine.update(email_state=Reminder.Email.SENT, email_sent_at=now)
    return len(reminders)


def users_with_digest_waiting() -> list[int]:
    return list(
        Reminder.objects.filter(email_state=Reminder.Email.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
