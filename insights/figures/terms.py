"""The terms a scope's commitment figures are measured against: what was agreed."""

from __future__ import annotations

from commitments.service_terms import TERMS_ELSEWHERE, CommitmentKind
from intake.agreements import active_agreement_for
from intake.models import organisation_defaults

from .on_time import KIND_ORDER
from .scopes import REQUISITION, Scope

# Kinds whose deadline another section of the agreement sets (issue 21), as it says so.
TERMS_BY_SECTION = {
    CommitmentKind.STAGE_LIMIT: "per the agreed stage limits",
    CommitmentKind.CALIBRATION_PROFILES: "per the calibration section",
    CommitmentKind.CALIBRATION_REVIEW: "within the manager's review time",
}


def agreed_terms(scope: Scope) -> tuple[dict, str]:
    """{kind: "within 2 business days"} and whose terms they are: a requisition's agreement
    in force, otherwise (and for every wider scope) the organisation's defaults."""
    kinds = [k for k in KIND_ORDER if k not in TERMS_ELSEWHERE]
    if scope.kind == REQUISITION:
        active = active_agreement_for(scope.requisition)
        if active is not None:
            terms = {k: str(active.service_term(k)) for k in kinds}
            return {**TERMS_BY_SECTION, **terms}, "the agreement in force"
    defaults = organisation_defaults()
    terms = {k: str(defaults[k]) for k in kinds}
    return {**TERMS_BY_SECTION, **terms}, "the organisation's defaults"
