"""Retention: candidates whose every search ended for them long ago are erased.

ACCORD_CANDIDATE_RETENTION_MONTHS (default 12; 0 keeps everyone): a candidate is due
when none of their applications is open or hired and the last one closed (rejected or
withdrawn) that many months ago — or, with no application at all, when they were added
that long ago. Run daily by beat (privacy.tasks.erase_expired_candidates).

Runs are bounded: one erases for at most ACCORD_RETENTION_RUN_SECONDS (60 by default, so
the erasure under way when the budget runs out still ends inside the task's 90 s soft time
limit) and records how many candidates are still due (`retention_still_due` in /healthz);
while some are and the run erased someone, the task enqueues the next run at once, which
picks up where this one stopped (the due list is read afresh: whoever was erased is no
longer on it). A candidate whose erasure fails is logged and stays due for the next run.
"""

import logging
import time
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from health.pulses import record_progress
from pipeline.models import CLOSED_STAGES, Application, Candidate

from .erasure import erase_candidate
from .models import Erasure

logger = logging.getLogger(__name__)


def candidates_due_for_erasure(*, now=None):
    months = settings.ACCORD_CANDIDATE_RETENTION_MONTHS
    if months <= 0:
        return Candidate.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=round(months * 30.44))
    still_held = Application.objects.filter(candidate=OuterRef("pk")).exclude(
        stage__in=CLOSED_STAGES
    )
    return (
        Candidate.objects.filter(erasure__isnull=True)
        .exclude(Exists(still_held))
        .annotate(last_closed=Max("applications__closed_at"))
        .filter(Q(last_closed__lt=cutoff) | Q(last_closed__isnull=True, created_at__lt=cutoff))
    )


@dataclass
class RetentionRun:
    erased: int = 0
    failed: int = 0
    still_due: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def erase_expired(*, now=None, budget_seconds: float | None = None, clock=time.monotonic):
    """Erase the candidates due, oldest record first, each in its own transaction (one
    failure stops nobody else's erasure), until none is left or `budget_seconds` of erasing
    is spent; record and return how many are still due (see the module docstring)."""
    budget = settings.ACCORD_RETENTION_RUN_SECONDS if budget_seconds is None else budget_seconds
    started, run = clock(), RetentionRun()
    due = list(candidates_due_for_erasure(now=now).order_by("pk").values_list("pk", flat=True))
    for pk in due:
        if clock() - started >= budget:
            break
        try:
            erase_candidate(candidate=Candidate(pk=pk), reason=Erasure.Reason.RETENTION)
            run.erased += 1
        except Exception:
            logger.exception("retention: could not erase candidate %s; it stays due", pk)
            run.failed += 1
    run.still_due = len(due) - run.erased
    run.seconds = round(clock() - started, 3)
    record_progress("retention", left=run.still_due)
    return run
