"""From the pool into a search (issue 22, "Into the search")."""

from __future__ import annotations

from pipeline.candidates import add_candidate
from pipeline.models import Application, Candidate, Source


def add_from_pool(*, requisition, candidate_id: int, by) -> Application:
    """Put a person found in the pool into `requisition` at "applied" with the source
    "talent pool". Through pipeline's `add_candidate`, the one way a person joins a search:
    the same candidate row (their history stays theirs), the same refusals (already in this
    search; whatever it rules for people known from other searches), the same journal
    entry. ValidationError as it raises it."""
    candidate = Candidate.objects.get(pk=candidate_id)
    return add_candidate(
        requisition=requisition,
        email=candidate.email,
        details={},
        application={"source": Source.TALENT_POOL, "source_detail": ""},
        by=by,
    )
