"""Delivery of the outbox: claim, send, record; retry with backoff until a horizon.

Guarantee: every OutboundEmail ends `sent` or, after retrying for at least
ACCORD_EMAIL_RETRY_FOR_SECONDS (24 h by default), `failed` with its last error, listed on
the admins' page and counted by /healthz. It goes out at least once; a duplicate is only
possible when a worker dies after the mail server accepted the message and before the
'sent' UPDATE commits, and it then carries the same Message-ID. Attempts are counted in
the database, never in the broker; nothing depends on a message surviving in Redis.

The state machine (every transition is one conditional UPDATE; tests in
tests/outbox/test_delivery.py exercise each on PostgreSQL):

| from     | event                                                  | to       | by            |
|----------|--------------------------------------------------------|----------|---------------|
| (none)   | `queue_email` in the caller's transaction              | pending  | caller        |
| pending  | claim once `next_attempt_at` (send_after) has come     | sending  | send task     |
| sending  | the mail server accepted the message                   | sent     | send task     |
| sending  | send raised, before `give_up_at`                       | pending  | send task     |
|          |   (`next_attempt_at` = now + backoff with jitter)      |          |               |
| sending  | send raised, at or after `give_up_at`                  | failed   | send task     |
| sending  | claim older than CLAIM_TIMEOUT (the worker died),      | sending  | any send task |
|          |   before `give_up_at`: claimable whatever `attempts`   |          |   (reclaim)   |
| sending  | claim older than CLAIM_TIMEOUT, after `give_up_at`     | failed   | dispatcher    |
| failed,  | an admin presses "Retry now"                           | pending  | admin page    |
| stuck    |   (`give_up_at` = now + the horizon again)             |          |               |

Enqueueing is not a state: `queue_email` enqueues one task per email on commit, and
`dispatch_due_emails` (beat, every ACCORD_SWEEP_EVERY_SECONDS) enqueues a pending email
whose attempt time has come and which is not already on the broker (`queued_at` before
`next_attempt_at`; or older than REQUEUE_AFTER while the email queue is empty: a message
lost with Redis or held by a killed worker — during a backlog it is still waiting its turn,
and enqueueing it again would multiply the backlog), and a send stuck past its claim
timeout. One task per email on a queue of its own ("email"), so a killed task holds back
one message and a backlog of emails never delays the sweep.

Timings (settings, seconds; the fault test shortens them):
- SMTP socket timeout 20 (`MAILERS` "timeout"); the send task's hard time limit
  EMAIL_SEND_TIME_LIMIT = 60 (soft 45): the longest legitimate exchange — connect, EHLO,
  STARTTLS, AUTH, MAIL, RCPT, DATA of one message — takes seconds, and each step is cut at
  20 s, so 60 s bounds a healthy-but-slow server.
- CLAIM_TIMEOUT 90 = that hard limit plus 30 s for the 'sent' UPDATE: a claim older than
  that belongs to a dead worker, never a slow one, so reclaiming it cannot double-send
  a message still in flight.
- REQUEUE_AFTER 60: a message enqueued a minute ago and still pending was lost (Redis
  restart, a killed worker holding it until the visibility timeout). Enqueueing it again is
  harmless: the claim lets one task send it.
- Backoff after a failure: EMAIL_BACKOFF × 2^(attempts−1), capped at EMAIL_BACKOFF_MAX
  (30 s … 1 h), with equal jitter (half fixed, half random) so a mail server that comes
  back is not hit by every email at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .mail import build_message, enqueue
from .models import OutboundEmail

State = OutboundEmail.State
EMAIL_QUEUE = "email"  # CELERY_TASK_ROUTES sends outbox.tasks.send_email there


@dataclass(frozen=True)
class Timings:
    claim_timeout: timedelta
    requeue_after: timedelta
    retry_for: timedelta
    backoff: timedelta
    backoff_max: timedelta

    @classmethod
    def from_settings(cls) -> Timings:
        return cls(
            claim_timeout=timedelta(seconds=settings.ACCORD_EMAIL_CLAIM_TIMEOUT_SECONDS),
            requeue_after=timedelta(seconds=settings.ACCORD_EMAIL_REQUEUE_AFTER_SECONDS),
            retry_for=timedelta(seconds=settings.ACCORD_EMAIL_RETRY_FOR_SECONDS),
            backoff=timedelta(seconds=settings.ACCORD_EMAIL_BACKOFF_SECONDS),
            backoff_max=timedelta(seconds=settings.ACCORD_EMAIL_BACKOFF_MAX_SECONDS),
        )


def backoff(attempts: int, timings: Timings | None = None) -> timedelta:
    """The wait after the `attempts`-th failed attempt: exponential, capped, equal jitter."""
    timings = timings or Timings.from_settings()
    ceiling = timings.backoff * (2 ** min(max(attempts - 1, 0), 30))
    delay = min(ceiling, timings.backoff_max).total_seconds()
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))


def _claimable(now, timings):
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - timings.claim_timeout, give_up_at__gt=now
    )


def claim_email(email_id: int, now=None) -> bool:
    """pending → sending, or a dead worker's sending → sending. True when the caller now
    owns this attempt: one UPDATE, so two workers holding the same id send once."""
    now = now or timezone.now()
    timings = Timings.from_settings()
    return bool(
        OutboundEmail.objects.filter(_claimable(now, timings), pk=email_id).update(
            state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def send_email(email_id: int) -> str:
    """Claim, send, record. Returns what happened, for logs and tests."""
    claimed_at = timezone.now()
    if not claim_email(email_id, claimed_at):
        return "not claimed"
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        build_message(email).send()
    except Exception as error:  # noqa: BLE001 — any mail failure is recorded and retried
        return record_failure(email, error, claimed_at=claimed_at)
    OutboundEmail.objects.filter(pk=email_id).exclude(state=State.SENT).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def record_failure(email: OutboundEmail, error, *, claimed_at, now=None) -> str:
    """sending → pending after a backoff, or → failed once the horizon has passed. Only
    this claim's holder may record it (a later claim or a success is never overwritten)."""
    now = now or timezone.now()
    gave_up = now >= email.give_up_at
    mine = OutboundEmail.objects.filter(pk=email.pk, state=State.SENDING, claimed_at=claimed_at)
    if gave_up:
        mine.update(state=State.FAILED, last_error=repr(error)[:500])
        return "failed"
    retry_at = min(now + backoff(email.attempts), email.give_up_at)
    mine.update(state=State.PENDING, next_attempt_at=retry_at, last_error=repr(error)[:500])
    return "retry"


def email_backlog() -> int:
    """Messages waiting in the broker's email queue (0 when it cannot tell)."""
    if not settings.REDIS_URL:
        return 0
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        return client.llen(EMAIL_QUEUE)
    except Exception:  # noqa: BLE001 — no broker, no backlog to protect
        return 0


def dispatch_due_emails(now=None, limit: int = 1000) -> int:
    """Enqueue what is due and not on the broker; fail what was stuck past its horizon.

    Two dispatchers at once (two beats) take different rows (SKIP LOCKED) and stamp
    `queued_at` in the same transaction, so a row is enqueued once per REQUEUE_AFTER."""
    now = now or timezone.now()
    timings = Timings.from_settings()
    OutboundEmail.objects.stuck(now, timings.claim_timeout).filter(give_up_at__lte=now).update(
        state=State.FAILED, last_error="A worker died while sending it; gave up at the horizon."
    )
    # Not on the broker: never enqueued, or enqueued before this attempt's time (that
    # message was consumed by the previous attempt) or before a dead worker's claim.
    not_on_broker = (
        Q(queued_at__isnull=True)
        | Q(state=State.PENDING, queued_at__lt=F("next_attempt_at"))
        | Q(state=State.SENDING, queued_at__lt=F("claimed_at"))
    )
    if email_backlog() == 0:
        # Enqueued long ago and still pending, with nothing left in the email queue: that
        # message was lost (Redis restarted) or is held by a killed worker. While a backlog
        # remains it is most likely still waiting its turn, and enqueueing it again would
        # only multiply the backlog.
        not_on_broker |= Q(queued_at__lt=now - timings.requeue_after)
    due = Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - timings.claim_timeout
    )
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(due & not_on_broker)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            OutboundEmail.objects.filter(pk__in=ids).update(queued_at=now)
            transaction.on_commit(lambda: enqueue(ids))
    return len(ids)


def retry_now(email_ids, *, now=None) -> int:
    """An admin's "Retry now": failed or stuck sends (and waiting ones) are due at once,
    with a fresh horizon. A send in a live worker's hands is left alone."""
    now = now or timezone.now()
    timings = Timings.from_settings()
    with transaction.atomic():
        rows = OutboundEmail.objects.filter(pk__in=list(email_ids)).filter(
            Q(state__in=[State.FAILED, State.PENDING])
            | Q(state=State.SENDING, claimed_at__lt=now - timings.claim_timeout)
        )
        ids = list(rows.select_for_update().values_list("pk", flat=True))
        OutboundEmail.objects.filter(pk__in=ids).update(
            state=State.PENDING,
            next_attempt_at=now,
            give_up_at=now + timings.retry_for,
            queued_at=now,
        )
        if ids:
            transaction.on_commit(lambda: enqueue(ids))
    return len(ids)
