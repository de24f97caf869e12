"""Leases in the database: one holder at a time, taken over when it lapses.

Guarantee: `hold_lease` is one conditional UPDATE (held by me, or expired), so of two
processes asking at once exactly one gets it; a holder that stops renewing (killed,
stalled, partitioned from the database) loses it after `ttl`, and another takes over on
its next try. The database, not the broker, holds it: Redis may restart empty.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .models import Lease


def hold_lease(*, name: str, holder: str, ttl: timedelta, now=None) -> bool:
    """Take or renew the lease; True when `holder` has it until now + ttl."""
    now = now or timezone.now()
    Lease.objects.bulk_create(
        [Lease(name=name, holder="", expires_at=now, renewed_at=now)], ignore_conflicts=True
    )
    return bool(
        Lease.objects.filter(Q(holder=holder) | Q(expires_at__lte=now), name=name).update(
            holder=holder, expires_at=now + ttl, renewed_at=now
        )
    )


def release_lease(*, name: str, holder: str, now=None) -> None:
    """Give it up at once (a clean shutdown), so a standby need not wait for the ttl."""
    Lease.objects.filter(name=name, holder=holder).update(expires_at=now or timezone.now())
