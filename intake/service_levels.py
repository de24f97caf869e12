"""Service levels of an agreement: one ServiceTerm per commitment kind, stored as plain
dicts on the version so a signed version keeps the terms it was signed with (a row and its
term convert in `intake.models`, beside the organisation's defaults)."""

from commitments.service_terms import TERMS_ELSEWHERE, CommitmentKind

from .models import organisation_defaults, term_to_row

# The kinds the service-level section lists; the others take their deadline from the
# calibration section, the manager's review time or the stage limits.
SERVICE_LEVEL_KINDS = [kind for kind in CommitmentKind.values if kind not in TERMS_ELSEWHERE]


def default_service_levels() -> dict[str, dict]:
    terms = organisation_defaults()
    return {kind: term_to_row(terms[kind]) for kind in SERVICE_LEVEL_KINDS}
