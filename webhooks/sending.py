"""Delivery of webhooks: claim, post, record; retry with back-off for 24 hours, then failed.

The state machine (each transition one conditional UPDATE, as the outbox's emails):

| from     | event                                                   | to        | by           |
|----------|---------------------------------------------------------|-----------|--------------|
| (none)   | the event, in its transaction (`record_deliveries`)     | pending   | the event    |
| pending  | claimed once `next_attempt_at` has come                 | sending   | task         |
| sending  | the receiver answered 2xx                               | delivered | task         |
| sending  | no answer, or not 2xx, before `give_up_at`              | pending   | task         |
|          |   (`next_attempt_at` = now + back-off with jitter)      |           |              |
| sending  | the same at or after `give_up_at`                       | failed    | task         |
| sending  | the address is refused (`addresses`: not public)        | failed    | task         |
| sending  | claim older than CLAIM_TIMEOUT (the worker died)        | sending   | any task     |
|          |   before `give_up_at`: claimable again                  |           |   (reclaim)  |
| sending  | claim older than CLAIM_TIMEOUT after `give_up_at`       | failed    | dispatcher   |
| failed   | an admin presses "Retry now" (a fresh 24 hours)         | pending   | the page     |

At least once: a worker that dies after the receiver answered and before the 'delivered'
UPDATE commits leaves the delivery to be sent again, with the same `Accord-Event-Id`.
The send task is enqueued on the event's commit; `dispatch_due_deliveries` (beat, every
ACCORD_SWEEP_EVERY_SECONDS) enqueues retries whose time has come and messages the broker
lost, and fails what a dead worker held past the horizon. Nothing depends on Redis keeping
a message: attempts and times are in the database.

Timings (settings): connect timeout 5 s and read timeout ACCORD_WEBHOOK_TIMEOUT_SECONDS (10)
per attempt, at most 4 KiB of the answer read; back-off ACCORD_WEBHOOK_BACKOFF_SECONDS (30)
× 2^(attempts−1), capped at ACCORD_WEBHOOK_BACKOFF_MAX_SECONDS (1 h), equal jitter; give up
after ACCORD_WEBHOOK_RETRY_FOR_SECONDS (24 h). The task's hard limit is 60 s, so a claim
older than 90 s (CLAIM_TIMEOUT) belongs to a dead worker, never a slow one.
"""

from __future__ import annotations

import logging
import random
import ssl
import time
from datetime import timedelta

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .addresses import Refused, Target, parse, resolve
from .models import Delivery
from .signing import signature

logger = logging.getLogger(__name__)
State = Delivery.State
CLAIM_TIMEOUT = timedelta(seconds=90)
REQUEUE_AFTER = timedelta(seconds=120)
CONNECT_TIMEOUT = 5.0
ANSWER_BYTES = 4096
USER_AGENT = "Accord-Webhooks/1.0"


class Answer:
    def __init__(self, status: int, text: str, ms: int):
        self.status, self.text, self.ms = status, text, ms

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: exponential, capped, equal jitter."""
    base = settings.ACCORD_WEBHOOK_BACKOFF_SECONDS * 2 ** min(max(attempts - 1, 0), 30)
    delay = min(base, settings.ACCORD_WEBHOOK_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))


def retry_for() -> timedelta:
    return timedelta(seconds=settings.ACCORD_WEBHOOK_RETRY_FOR_SECONDS)


def _claimable(now):
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT, give_up_at__gt=now
    )


def claim(delivery_id: int, now) -> bool:
    """pending → sending (or a dead worker's sending → sending): True when this caller now
    owns the attempt. One UPDATE: two workers holding the same id send once."""
    return bool(
        Delivery.objects.filter(_claimable(now), pk=delivery_id).update(
            state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def headers_for(delivery: Delivery, *, timestamp: int, body: bytes) -> dict[str, str]:
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
    endpoint = delivery.endpoint
    if endpoint.is_signed:
        headers |= {
            "Accord-Event": delivery.event,
            "Accord-Event-Id": delivery.event_id,
            "Accord-Timestamp": str(timestamp),
            "Accord-Signature": ",".join(
                signature(key, timestamp, body) for key in endpoint.secrets_signing(timezone.now())
            ),
        }
    return headers


def post(target: Target, body: bytes, headers: dict[str, str]) -> Answer:
    """POST to the checked address of `target`, the name kept for Host, SNI and the
    certificate; never a redirect. Raises Refused, or OSError / urllib3's errors."""
    address = resolve(target)
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS)
    options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            ssl_context=ssl.create_default_context(),
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, **options)
    started = time.monotonic()
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host_header},
            redirect=False,
            preload_content=False,
        )
        try:
            text = response.read(ANSWER_BYTES, decode_content=False)
        finally:
            response.release_conn()
    finally:
        pool.close()
    ms = int((time.monotonic() - started) * 1000)
    return Answer(response.status, text.decode("utf-8", "replace"), ms)


def deliver(delivery_id: int) -> str:
    """Claim, post, record. Returns what happened, for logs and tests."""
    claimed_at = timezone.now()
    if not claim(delivery_id, claimed_at):
        return "not claimed"
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    body = delivery.body.encode()
    timestamp = int(time.time())
    started = time.monotonic()
    try:
        target = parse(delivery.endpoint.url)
        answer = post(target, body, headers_for(delivery, timestamp=timestamp, body=body))
    except Refused as refusal:
        return _record(delivery, claimed_at, error=str(refusal), final=True)
    except Exception as error:  # noqa: BLE001 — any network failure is recorded and retried
        ms = int((time.monotonic() - started) * 1000)
        return _record(delivery, claimed_at, error=_describe(error), ms=ms)
    if answer.ok:
        Delivery.objects.filter(pk=delivery.pk, state=State.SENDING, claimed_at=claimed_at).update(
            state=State.DELIVERED,
            delivered_at=timezone.now(),
            last_status=answer.status,
            last_error="",
            last_duration_ms=answer.ms,
        )
        return "delivered"
    excerpt = " ".join(answer.text.split())[:200]
    error = f"Answered {answer.status}" + (f": {excerpt}" if excerpt else "")
    return _record(delivery, claimed_at, error=error, status=answer.status, ms=answer.ms)


def _describe(error) -> str:
    # NewConnectionError is a kind of ConnectTimeoutError in urllib3: asked first.
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "Could not connect (refused or unreachable)."
    if isinstance(error, urllib3.exceptions.ConnectTimeoutError):
        return "No connection within 5 s."
    if isinstance(error, urllib3.exceptions.ReadTimeoutError):
        return f"No answer within {settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS:g} s."
    if isinstance(error, urllib3.exceptions.SSLError):
        return f"TLS failed: {error}"[:300]
    return (str(error) or type(error).__name__)[:300]


def _record(delivery, claimed_at, *, error, status=None, ms=None, final=False) -> str:
    """sending → pending after a back-off, or → failed at the horizon (or at once for a
    refused address). Only this claim's holder may record it."""
    now = timezone.now()
    mine = Delivery.objects.filter(pk=delivery.pk, state=State.SENDING, claimed_at=claimed_at)
    outcome = {"last_error": error[:300], "last_status": status, "last_duration_ms": ms}
    if final or now >= delivery.give_up_at:
        mine.update(state=State.FAILED, **outcome)
        return "failed"
    retry_at = min(now + backoff(delivery.attempts), delivery.give_up_at)
    mine.update(state=State.PENDING, next_attempt_at=retry_at, **outcome)
    return "retry"


def enqueue(ids) -> None:
    from .tasks import deliver as deliver_task  # noqa: PLC0415 — the task runs this module: a real cycle

    try:
        for pk in ids:
            deliver_task.delay(pk)
    except Exception:  # noqa: BLE001 — the row is the promise, the broker only a nudge
        logger.warning("Broker unavailable; %d webhook(s) left for the dispatcher", len(ids))


def enqueue_on_commit(delivery_ids) -> None:
    ids = list(delivery_ids)
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def dispatch_due_deliveries(now=None, limit: int = 1000) -> int:
    """Beat: enqueue what is due and not on the broker; fail what a dead worker held past
    the horizon. Two dispatchers take different rows (SKIP LOCKED) and stamp `queued_at`
    in the same transaction. Served by the partial index delivery_unsent_idx."""
    now = now or timezone.now()
    Delivery.objects.filter(
        state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT, give_up_at__lte=now
    ).update(state=State.FAILED, last_error="A worker died while sending it; gave up.")
    not_on_broker = (
        Q(queued_at__isnull=True)
        | Q(state=State.PENDING, queued_at__lt=F("next_attempt_at"))
        | Q(state=State.SENDING, queued_at__lt=F("claimed_at"))
        | Q(queued_at__lt=now - REQUEUE_AFTER)  # enqueued long ago: the message was lost
    )
    due = Q(state=State.PENDING, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(due & not_on_broker)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).update(queued_at=now)
            enqueue_on_commit(ids)
    return len(ids)


PRUNE_BATCH = 5000


def prune_deliveries(now=None) -> int:
    """Daily (beat): delivered and failed deliveries older than ACCORD_WEBHOOK_KEEP_DAYS
    leave the log, a batch at a time (index delivery_finished_idx). Waiting ones stay."""
    now = now or timezone.now()
    old = Delivery.objects.filter(
        state__in=[State.DELIVERED, State.FAILED],
        created_at__lt=now - timedelta(days=settings.ACCORD_WEBHOOK_KEEP_DAYS),
    )
    removed = 0
    while ids := list(old.values_list("pk", flat=True)[:PRUNE_BATCH]):
        removed += Delivery.objects.filter(pk__in=ids).delete()[0]
    return removed


def retry_now(delivery: Delivery, now=None) -> bool:
    """An admin's "Retry now" on a failed delivery: due at once, with a fresh 24 hours."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Delivery.objects.filter(pk=delivery.pk, state=State.FAILED).update(
            state=State.PENDING,
            next_attempt_at=now,
            give_up_at=now + retry_for(),
            queued_at=now,
        )
        if changed:
            enqueue_on_commit([delivery.pk])
    return bool(changed)
