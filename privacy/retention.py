"""Retention: candidates whose every search ended for them long ago are erased.

ACCORD_CANDIDATE_RETENTION_MONTHS (default 12; 0 keeps everyone): a candidate is due
when none of their applications is open or hired and the last one closed (rejected or
withdrawn) that many months ago — or, with no application at all, when they were added
that long ago. Run daily by beat (privacy.tasks.erase_expired_candidates).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from pipeline.models import CLOSED_STAGES, Application, Candidate

from .erasure import erase_candidate
from .models import Erasure


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


def erase_expired(*, now=None) -> int:
    """Erase every candidate due; each in its own transaction, so one failure stops
    nobody else's erasure and a second run finds nothing left to do."""
    erased = 0
    for pk in candidates_due_for_erasure(now=now).values_list("pk", flat=True):
        erase_candidate(candidate=Candidate(pk=pk), reason=Erasure.Reason.RETENTION)
        erased += 1
    return erased
