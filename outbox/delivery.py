"""Delivery of the outbox: claim, send, record; retry with backoff until a horizon.

Guarantee: every OutboundEmail ends `sent`; or `cancelled` (its recipient was erased or what it was
about withdrawn: never sent, never an alarm); or `bounced` (the mail server refused it for
good with a 5xx: not retried, its sender and the admins told in the app, listed on the
admins' page); or, after retrying for at least ACCORD_EMAIL_RETRY_FOR_SECONDS (24 h by
default), `failed` with its last error, listed on the admins' page and the only state
/healthz alarms on — until an admin dismisses it with a reason. It goes out at least once; a
duplicate is only possible when a worker dies after the mail server accepted the message and
before the 'sent' UPDATE commits, and it then carries the same Message-ID. Attempts are
counted in the database, never in the broker; nothing depends on a message surviving in
Redis.

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
| sending  | the server refused it for good (5xx, `is_permanent`)   | bounced  | send task     |
| pending, | its recipient erased / its subject withdrawn           | cancelled| caller        |
| sending  |   (`cancel_emails`)                                    |          |               |
| sending  | claim older than CLAIM_TIMEOUT (the worker died),      | sending  | any send task |
|          |   before `give_up_at`: claimable whatever `attempts`   |          |   (reclaim)   |
| sending  | claim older than CLAIM_TIMEOUT, after `give_up_at`     | failed   | dispatcher    |
| failed,  | an admin presses "Retry now"                           | pending  | admin page    |
| stuck    |   (`give_up_at` = now + the horizon again)             |          |               |
| failed,  | an admin dismisses it with a reason (`dismiss_emails`) | (same,   | admin page    |
| bounced  |   it leaves the page and the alarm                     | dismissed)|              |
| pending  | another channel takes it, in the caller's transaction  | held     | the channel   |
|          |   (`hold_emails`: a Slack direct message)              |          |               |
| held     | that channel delivered it (`delivered_elsewhere`)      | elsewhere| the channel   |
| held     | that channel failed or does not know the person        | pending  | the channel   |
|          |   (`release_email`: due now, a fresh horizon)          |          |               |
| held     | its recipient erased / its subject withdrawn           | cancelled| caller        |

A send task that cannot claim because the database is away (OperationalError at the
claim) is retried by Celery with back-off (outbox.tasks.send_email), not dropped; the
dispatcher would only find it again once the email queue is empty.

Enqueueing is not a state: `queue_email` enqueues a send task on commit (`mail.enqueue`:
chunks of up to 100 ids, each sent one by one by `send_emails`), and
`dispatch_due_emails` (beat, every ACCORD_SWEEP_EVERY_SECONDS) enqueues a pending email
whose attempt time has come and which is not already on the broker (`queued_at` before
`next_attempt_at`; or older than REQUEUE_AFTER while the email queue is empty: a message
lost with Redis or held by a killed worker — during a backlog it is still waiting its turn,
and enqueueing it again would multiply the backlog), and a send stuck past its claim
timeout. Send tasks have a queue of their own ("email"), and each gives its worker back
after a slice of 2 s (enqueueing the rest), so a backlog of emails never delays the sweep.
A killed chunk task holds back the emails it had not sent until the dispatcher re-enqueues
them (REQUEUE_AFTER, once the email queue is empty); the one it was sending is reclaimed
after CLAIM_TIMEOUT, as with a single send.

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

import logging
import os
import random
import smtplib
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from config.hooks import Hooks

from .mail import build_message, enqueue
from .models import OutboundEmail

logger = logging.getLogger(__name__)
State = OutboundEmail.State
EMAIL_QUEUE = "email"  # CELERY_TASK_ROUTES sends outbox.tasks.send_email there

# Called with each bounced OutboundEmail after its state commits. The outbox knows no
# notifications (they live on a higher floor): commitments registers who is told.
BOUNCE_LISTENERS = Hooks(
    "outbox.delivery.BOUNCE_LISTENERS",
    signature="fn(email) -> None",
    called_in="none: on commit of the bounce, each on its own (one that fails is logged)",
)


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


def claimant() -> str:
    """This process, as a claim names it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def claim_email(email_id: int, now=None) -> bool:
    """pending → sending, or a dead worker's sending → sending. True when the caller now
    owns this attempt: one UPDATE, so two workers holding the same id send once."""
    now = now or timezone.now()
    timings = Timings.from_settings()
    return bool(
        OutboundEmail.objects.filter(_claimable(now, timings), pk=email_id).update(
            state=State.SENDING,
            claimed_at=now,
            claimed_by=claimant(),
            attempts=F("attempts") + 1,
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


# A chunk task sends for about this long, then enqueues the rest behind whatever is waiting:
# a worker process is never held by a backlog of emails for longer than one slice and one
# message, so the reminder sweep's tick (every few seconds, on the "celery" queue, which
# workers read first) is not delayed behind thousands of sends.
SEND_SLICE_SECONDS = 2.0


def send_emails(email_ids, *, slice_seconds: float = SEND_SLICE_SECONDS) -> dict[str, int]:
    """Send a chunk of emails, each through `send_email` (claimed first, so a chunk sent
    twice sends each email once). After `slice_seconds` what is left is enqueued again and
    this returns. The task's hard time limit is the one of a single send: every claim this
    task makes is held at most that long, as CLAIM_TIMEOUT assumes."""
    started = time.monotonic()
    outcomes: dict[str, int] = {}
    ids = list(email_ids)
    for position, pk in enumerate(ids):
        if position and time.monotonic() - started > slice_seconds:
            enqueue(ids[position:])
            outcomes["handed on"] = len(ids) - position
            break
        outcome = send_email(pk)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def is_permanent(error) -> bool:
    """A refusal that sending again cannot cure: a 5xx for every recipient, or for the
    message itself. Not an authentication or sender refusal (our configuration, which an
    operator fixes: those are retried and alarm at the horizon), nor any 4xx or network
    error."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def record_failure(email: OutboundEmail, error, *, claimed_at, now=None) -> str:
    """sending → bounced for a permanent refusal; → pending after a backoff; or → failed
    once the horizon has passed. Only this claim's holder may record it (a later claim or a
    success is never overwritten)."""
    now = now or timezone.now()
    gave_up = now >= email.give_up_at
    mine = OutboundEmail.objects.filter(pk=email.pk, state=State.SENDING, claimed_at=claimed_at)
    if is_permanent(error):
        with transaction.atomic():
            if mine.update(state=State.BOUNCED, last_error=repr(error)[:500]):
                bounced = OutboundEmail.objects.get(pk=email.pk)
                transaction.on_commit(lambda: _tell_of_bounce(bounced))
        return "bounced"
    if gave_up:
        mine.update(state=State.FAILED, last_error=repr(error)[:500])
        return "failed"
    retry_at = min(now + backoff(email.attempts), email.give_up_at)
    mine.update(state=State.PENDING, next_attempt_at=retry_at, last_error=repr(error)[:500])
    return "retry"


def _tell_of_bounce(email: OutboundEmail) -> None:
    for listener in BOUNCE_LISTENERS:
        try:
            listener(email)
        except Exception:  # noqa: BLE001 — telling is best effort; the row says bounced
            logger.exception("could not tell of bounced email %s", email.pk)


def cancel_emails(emails, *, reason: str) -> int:
    """Unsent emails → cancelled: never sent, never an alarm, never retried. For a recipient
    who was erased or a subject that was withdrawn. A send in a worker's hands right now
    may still go out (its 'sent' then wins); everything later is stopped here."""
    return emails.filter(state__in=[State.PENDING, State.SENDING, State.FAILED, State.HELD]).update(
        state=State.CANCELLED, last_error=reason[:500]
    )


def hold_emails(email_ids) -> int:
    """pending → held, in the caller's transaction: another channel (a Slack direct message)
    carries these emails; each is sent only if that channel fails (`release_email`). A held
    email is never claimed, counted as unsent nor alarmed on. Returns how many."""
    return OutboundEmail.objects.filter(pk__in=list(email_ids), state=State.PENDING).update(
        state=State.HELD, queued_at=None
    )


def release_email(email_id: int, *, reason: str, now=None) -> bool:
    """held → pending, due now with a fresh horizon, its send task enqueued on commit: the
    other channel failed or does not know the person, so the email goes after all. False
    when it was not held (delivered elsewhere, cancelled, or released already)."""
    now = now or timezone.now()
    timings = Timings.from_settings()
    released = OutboundEmail.objects.filter(pk=email_id, state=State.HELD).update(
        state=State.PENDING,
        next_attempt_at=now,
        queued_at=now,
        give_up_at=now + timings.retry_for,
        last_error=reason[:500],
    )
    if released:
        transaction.on_commit(lambda: enqueue([email_id]))
    return bool(released)


def delivered_elsewhere(email_id: int, *, how: str, now=None) -> bool:
    """held → elsewhere: the other channel delivered it, so it is never sent. `how` is
    kept on the row ("Delivered by Slack"), as the admins' pages show it."""
    return bool(
        OutboundEmail.objects.filter(pk=email_id, state=State.HELD).update(
            state=State.ELSEWHERE, sent_at=now or timezone.now(), last_error=how[:500]
        )
    )


def dismiss_emails(email_ids, *, by, reason: str, now=None) -> int:
    """An admin dismisses failed or bounced emails, saying why: they leave the admins'
    page and /healthz's alarm; the rows stay, with who dismissed them, when and why."""
    reason = " ".join(reason.split())[:300]
    if not reason:
        raise ValueError("A dismissal needs a reason.")
    return OutboundEmail.objects.filter(
        pk__in=list(email_ids), state__in=OutboundEmail.UNDELIVERABLE, dismissed_at__isnull=True
    ).update(dismissed_at=now or timezone.now(), dismissed_by=by, dismiss_reason=reason)


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
        # Never a cancelled or bounced one: its recipient was erased or refuses for good.
        rows = OutboundEmail.objects.filter(pk__in=list(email_ids)).filter(
            Q(state__in=[State.FAILED, State.PENDING])
            | Q(state=State.SENDING, claimed_at__lt=now - timings.claim_timeout)
        )
        ids = list(rows.select_for_update().values_list("pk", flat=True))
        OutboundEmail.objects.filter(pk__in=ids).update(
            state=State.PENDING,
            dismissed_at=None,
            next_attempt_at=now,
            give_up_at=now + timings.retry_for,
            queued_at=now,
        )
        if ids:
            transaction.on_commit(lambda: enqueue(ids))
    return len(ids)
