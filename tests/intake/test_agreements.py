from datetime import time

import pytest

from commitments.service_terms import DEFAULT_SERVICE_LEVELS, CommitmentKind, ServiceTerm
from intake.agreements import active_agreement_for, service_term_for
from intake.drafting import save_section
from intake.models import CycleStep, ServiceLevelDefault

pytestmark = pytest.mark.django_db


def test_without_an_active_agreement_the_defaults_apply(requisition, draft):
    assert active_agreement_for(requisition) is None
    assert (
        service_term_for(requisition, CommitmentKind.REVIEW_CANDIDATE)
        == DEFAULT_SERVICE_LEVELS[CommitmentKind.REVIEW_CANDIDATE]
    )


def test_the_organisations_service_level_defaults_override_the_built_in_ones(requisition):
    ServiceLevelDefault.objects.create(
        kind=CommitmentKind.REVIEW_CANDIDATE,
        owner_party="hiring_manager",
        amount=1,
        unit="business_days",
    )
    assert service_term_for(requisition, CommitmentKind.REVIEW_CANDIDATE) == ServiceTerm(
        "hiring_manager", 1, "business_days"
    )


def test_the_active_agreement_answers_for_its_version(
    sent, sign_all, requisition, recruiter, brief
):
    levels = dict(sent.service_levels)
    sign_all(sent)
    active = active_agreement_for(requisition)
    assert active.version == 1
    assert active.role_profile.must_haves == tuple(brief["must_haves"])
    assert active.role_profile.shortlist_size == 4
    assert active.role_profile.knockout_questions[0].answer == "Yes"
    assert active.responsible_parties(CycleStep.OFFER_PREPARATION) == ["hr_generalist"]
    assert active.accountable_party(CycleStep.OFFER_PREPARATION) == "hiring_manager"
    plan = active.communication_plan
    assert (plan.checkin_cadence, plan.checkin_time, plan.status_update_weekday) == (
        "weekly",
        time(10, 0),
        4,
    )
    assert levels["present_shortlist"]["amount"] == 10
    assert active.service_term(CommitmentKind.PRESENT_SHORTLIST).amount == 10


def test_a_draft_service_level_does_not_apply_until_signed(sent, sign_all, requisition, recruiter):
    sign_all(sent)
    levels = {
        **sent.service_levels,
        "review_candidate": {"owner_party": "hiring_manager", "amount": 5, "unit": "business_days"},
    }
    save_section(
        requisition=requisition, section="service_levels", value=levels, edited_by=recruiter
    )
    assert service_term_for(requisition, CommitmentKind.REVIEW_CANDIDATE).amount == 2
