"""One scheduler in time: Celery beat that sends only while it holds the "beat" lease.

Run as many beats as you like (`CELERY_BEAT_SCHEDULER` points here): the one holding the
lease sends the schedule; the others tick every BEAT_LEASE/3 seconds as hot standbys and
take over within BEAT_LEASE seconds of the holder dying. A standby that takes over sends
what its own schedule file says is due (every periodic task is idempotent), so no tick is
lost. If the database is unreachable nobody holds the lease and nothing is sent, which is
right: every task needs the database. /healthz's "beat" check is the lease's age.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta

from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import close_old_connections

from .leases import hold_lease, release_lease

logger = logging.getLogger(__name__)
LEASE = "beat"


def lease_ttl() -> timedelta:
    return timedelta(seconds=settings.ACCORD_BEAT_LEASE_SECONDS)


class LeaderScheduler(PersistentScheduler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.leading = False
        # Renew well inside the lease, however far away the next entry is.
        self.max_interval = min(self.max_interval, lease_ttl().total_seconds() / 3)

    def holds_lease(self) -> bool:
        try:
            leading = hold_lease(name=LEASE, holder=self.holder, ttl=lease_ttl())
        except Exception:  # noqa: BLE001 — database down: stand by, try again next tick
            logger.warning("beat: cannot reach the database; standing by", exc_info=True)
            close_old_connections()
            leading = False
        if leading != self.leading:
            logger.warning("beat %s: %s", self.holder, "leading" if leading else "standing by")
            self.leading = leading
        return leading

    def tick(self, *args, **kwargs):
        if not self.holds_lease():
            return self.max_interval
        return min(super().tick(*args, **kwargs), self.max_interval)

    def close(self):
        if self.leading:
            try:
                release_lease(name=LEASE, holder=self.holder)
            except Exception:  # noqa: BLE001 — the lease lapses by itself
                logger.warning("beat: could not release the lease", exc_info=True)
        super().close()
