"""Service levels of an agreement: one ServiceTerm per commitment kind, stored as plain
dicts on the version so a signed version keeps the terms it was signed with."""

from commitments.service_terms import (
    DEFAULT_SERVICE_LEVELS,
    TERMS_ELSEWHERE,
    CommitmentKind,
    ServiceTerm,
)

from .models import ServiceLevelDefault

# The kinds the service-level section lists; the others take their deadline from the
# calibration section, the manager's review time or the stage limits.
SERVICE_LEVEL_KINDS = [kind for kind in CommitmentKind.values if kind not in TERMS_ELSEWHERE]


def term_to_row(term: ServiceTerm) -> dict:
    return {"owner_party": str(term.owner_party), "amount": term.amount, "unit": str(term.unit)}


def organisation_defaults() -> dict[str, ServiceTerm]:
    """The admin's ServiceLevelDefault rows, DESIGN.md's table for kinds without one."""
    terms = dict(DEFAULT_SERVICE_LEVELS)
    for row in ServiceLevelDefault.objects.all():
        terms[row.kind] = row.term
    return terms


def default_service_levels() -> dict[str, dict]:
    terms = organisation_defaults()
    return {kind: term_to_row(terms[kind]) for kind in CommitmentKind.values}


def term_from_row(kind: str, row: dict | None) -> ServiceTerm:
    """A stored row as a ServiceTerm; a kind the version lacks falls back to the defaults."""
    if not row:
        return organisation_defaults()[kind]
    return ServiceTerm(row["owner_party"], int(row["amount"]), row["unit"])
