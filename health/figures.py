"""What /healthz reports, and when each figure is an alarm (docs/operations.md explains
each one and what to do).

Every check is computed on its own, so a dead database still lets the broker answer and
vice versa; any check past its threshold makes the whole answer 503.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from commitments.models import Commitment
from outbox.delivery import Timings
from outbox.models import OutboundEmail

from .models import Heartbeat, Lease, Pulse

logger = logging.getLogger(__name__)


@dataclass
class Check:
    name: str
    ok: bool
    value: object = None
    detail: str = ""


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ok else "failing",
            "checks": {
                c.name: {"ok": c.ok, "value": c.value, "detail": c.detail} for c in self.checks
            },
        }


def _age(moment, now):
    return None if moment is None else round((now - moment).total_seconds())


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("database", True, "ok")
    except Exception as error:  # noqa: BLE001 — the report says what is wrong
        connection.close()
        return Check("database", False, "down", str(error)[:200])


def _redis():
    return redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2, retry_on_timeout=False
    )


def check_broker() -> list[Check]:
    """The broker answers, and how many messages wait in the default queue."""
    limit = settings.ACCORD_HEALTH["queue_depth"]
    try:
        if settings.REDIS_URL:
            client = _redis()
            client.ping()
            depth = client.llen("celery") + client.llen("email")
        else:
            folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
            depth = sum(1 for _ in Path(folder).glob("*.msg"))
    except Exception as error:  # noqa: BLE001
        return [Check("broker", False, "down", str(error)[:200])]
    return [
        Check("broker", True, "ok"),
        Check("queue_depth", depth <= limit, depth, f"alarm above {limit}"),
    ]


def check_schedule(now) -> list[Check]:
    limits = settings.ACCORD_HEALTH
    rows = {name: (at, left) for name, at, left in Pulse.objects.values_list("name", "at", "left")}
    pulses = {name: at for name, (at, _) in rows.items()}
    since_sweep = _age(pulses.get("sweep"), now)
    oldest_due = Commitment.objects.ladder_due(now).aggregate(at=Min("next_step_at"))["at"]
    lag = max(0, _age(oldest_due, now) or 0)
    lease = Lease.objects.filter(name="beat").first()
    beat_age = _age(lease.renewed_at, now) if lease else None
    latest = Heartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    worker_age = _age(latest, now)
    retention_at, still_due = rows.get("retention", (None, None))
    return [
        Check(
            "seconds_since_sweep",
            since_sweep is not None and since_sweep <= limits["sweep_stale"],
            since_sweep,
            f"alarm above {limits['sweep_stale']} s or never",
        ),
        Check("sweep_lag_seconds", lag <= limits["sweep_lag"], lag, "oldest due step not written"),
        Check(
            "beat_seconds_since_tick",
            beat_age is not None and beat_age <= limits["beat_stale"],
            beat_age,
            f"held by {lease.holder}" if lease else "no beat has ever ticked",
        ),
        Check(
            "worker_seconds_since_heartbeat",
            worker_age is not None and worker_age <= limits["worker_stale"],
            worker_age,
            f"alarm above {limits['worker_stale']} s or never",
        ),
        Check(
            "retention_still_due",
            True,
            still_due,
            "candidates past the retention period not yet erased, as of the last run "
            + (f"{_age(retention_at, now)} s ago" if retention_at else "(none yet)")
            + "; a run that stops at its time budget is followed by the next at once",
        ),
    ]


def check_emails(now) -> list[Check]:

    limits = settings.ACCORD_HEALTH
    timings = Timings.from_settings()
    unsent = OutboundEmail.objects.unsent()
    # The oldest unsent email whose time has come: how late the outbox is running.
    oldest_due = unsent.filter(next_attempt_at__lte=now).aggregate(at=Min("next_attempt_at"))
    pending = unsent.count()
    # Only sends that gave up after retrying to the horizon, and nobody dismissed, alarm;
    # cancelled (recipient erased, subject withdrawn) and bounced (refused for good) never.
    failed = OutboundEmail.objects.alarming().count()
    bounced = OutboundEmail.objects.filter(
        state=OutboundEmail.State.BOUNCED, dismissed_at__isnull=True
    ).count()
    stuck = OutboundEmail.objects.stuck(now, timings.claim_timeout).count()
    oldest = max(0, _age(oldest_due["at"], now) or 0)
    return [
        Check("emails_pending", True, pending),
        Check("emails_failed", failed <= limits["emails_failed"], failed, "gave up after retrying"),
        Check("emails_bounced", True, bounced, "refused for good; sender and admins told"),
        Check("emails_stuck", True, stuck, "claimed by a worker that died; retried by itself"),
        Check(
            "emails_oldest_pending_seconds",
            oldest <= limits["oldest_pending"],
            oldest,
            f"alarm above {limits['oldest_pending']} s",
        ),
    ]


def liveness() -> Report:
    """What anyone may ask: the process answers and reaches its database. No figures, no
    error text, no host names (those need the health token or a staff session)."""
    database = check_database()
    return Report([Check("database", database.ok, "ok" if database.ok else "down")])


def report(only: set[str] | None = None) -> Report:
    """Every check, or those named in `only` (database, broker, schedule, emails)."""
    now = timezone.now()
    wanted = only or {"database", "broker", "schedule", "emails"}
    result = Report()
    database = check_database() if wanted & {"database", "schedule", "emails"} else None
    if "database" in wanted:
        result.checks.append(database)
    if "broker" in wanted:
        result.checks.extend(check_broker())
    for name, compute in (("schedule", check_schedule), ("emails", check_emails)):
        if name not in wanted:
            continue
        if not database.ok:
            result.checks.append(Check(name, False, None, "database down"))
            continue
        try:
            result.checks.extend(compute(now))
        except Exception as error:  # noqa: BLE001
            logger.warning("health: %s failed", name, exc_info=True)
            result.checks.append(Check(name, False, None, str(error)[:200]))
    return result
