from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import Commitment
from interviews.feedback import submit_scorecard
from interviews.models import Offer, OfferDeclineReason
from interviews.offers import close_offer, extend_offer, prepare_offer
from pipeline.brief_check import BriefReason
from pipeline.models import DispositionReason
from pipeline.stages import MoveRefused, move_application

pytestmark = pytest.mark.django_db

RATED = [
    {"area": "Python in production", "rating": 4, "note": ""},
    {"area": "Owns on-call", "rating": 3, "note": ""},
    {"area": "PostgreSQL", "rating": 3, "note": ""},
]


def submit(interview, author):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=RATED,
        recommendation="yes",
        notes="",
        now=interview.ends_at + timedelta(minutes=1),
    )


def to_last_round(application, hiring_manager):
    move_application(application=application, to_stage="interview:1", by=hiring_manager)


def test_no_offer_until_every_scorecard_is_in_and_the_refusal_names_who(
    interview, application, hiring_manager, interviewer, second_interviewer
):
    to_last_round(application, hiring_manager)
    with pytest.raises(MoveRefused) as refused:
        move_application(application=application, to_stage="offer", by=hiring_manager)
    message = refused.value.messages[0]
    assert "2 scorecards are not in" in message
    assert interviewer.display_name in message and second_interviewer.display_name in message
    submit(interview, interviewer)
    with pytest.raises(MoveRefused) as refused:
        move_application(application=application, to_stage="offer", by=hiring_manager)
    assert "One scorecard is not in" in refused.value.messages[0]
    assert interviewer.display_name not in refused.value.messages[0]
    submit(interview, second_interviewer)
    move_application(application=application, to_stage="offer", by=hiring_manager)
    assert Offer.objects.get(application=application).state == "preparing"


@pytest.fixture
def offered(interview, application, hiring_manager, interviewer, second_interviewer):
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    to_last_round(application, hiring_manager)
    move_application(application=application, to_stage="offer", by=hiring_manager)
    return Offer.objects.get(application=application)


def test_by_default_hr_prepares_the_offer_and_the_recruiter_extends_it(
    offered, hr_generalist, recruiter, requisition
):
    owed = Commitment.objects.get(kind="prepare_offer")
    assert owed.owner == hr_generalist and owed.party == "hr_generalist"
    assert owed.url.endswith(f"/candidates/{offered.application_id}/offer/")
    with pytest.raises(PermissionDenied):
        prepare_offer(
            offer=offered,
            salary=Decimal(70000),
            start_date=date(2027, 2, 1),
            notes="",
            outside_band_reason="",
            prepared_by=recruiter,
        )
    prepare_offer(
        offer=offered,
        salary=Decimal(70000),
        start_date=date(2027, 2, 1),
        notes="",
        outside_band_reason="",
        prepared_by=hr_generalist,
    )
    owed.refresh_from_db()
    assert owed.state == "met"
    with pytest.raises(PermissionDenied):
        extend_offer(offer=offered, extended_by=hr_generalist)
    extend_offer(offer=offered, extended_by=recruiter)


@pytest.fixture
def recruiter_prepares(requisition, recruiter):
    """A matrix where the recruiter, not HR, is Responsible for offer preparation."""
    from intake.drafting import cycle_matrix_cell

    def click(party, times):
        for _ in range(times):
            cycle_matrix_cell(
                requisition=requisition, step="offer_preparation", party=party, edited_by=recruiter
            )

    click("recruiter", 3)  # C → I → blank → R
    click("hr_generalist", 2)  # R → A → C
    return requisition


def test_the_active_matrix_names_who_prepares_the_offer(
    recruiter_prepares,
    active_plan,
    interview,
    application,
    hiring_manager,
    interviewer,
    second_interviewer,
    recruiter,
    hr_generalist,
):
    """`recruiter_prepares` edits the draft before `active_plan` signs it into force."""
    from interviews.access import offer_preparers

    assert offer_preparers(application.requisition) == ["recruiter"]
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    to_last_round(application, hiring_manager)
    move_application(application=application, to_stage="offer", by=hiring_manager)
    assert Commitment.objects.get(kind="prepare_offer").owner == recruiter


def test_a_salary_outside_the_band_needs_a_reason(offered, hr_generalist):
    with pytest.raises(ValidationError) as refused:
        prepare_offer(
            offer=offered,
            salary=Decimal(95000),
            start_date=date(2027, 2, 1),
            notes="",
            outside_band_reason="",
            prepared_by=hr_generalist,
        )
    assert "outside_band_reason" in refused.value.message_dict
    offer = prepare_offer(
        offer=offered,
        salary=Decimal(95000),
        start_date=date(2027, 2, 1),
        notes="",
        outside_band_reason="Competing offer from a bank",
        prepared_by=hr_generalist,
    )
    assert offer.is_outside_band() and offer.outside_band_reason


def test_accepting_the_last_headcount_fills_the_search(
    offered, hr_generalist, recruiter, requisition
):
    prepare_offer(
        offer=offered,
        salary=Decimal(70000),
        start_date=date(2027, 2, 1),
        notes="",
        outside_band_reason="",
        prepared_by=hr_generalist,
    )
    extend_offer(offer=offered, extended_by=recruiter)
    close_offer(offer=offered, accepted=True, closed_by=recruiter)
    requisition.refresh_from_db()
    offered.application.refresh_from_db()
    assert offered.application.stage == "hired"
    assert requisition.state == "filled"


def test_a_declined_offer_needs_a_reason_from_the_list_and_fills_nothing(
    offered, hr_generalist, recruiter, requisition
):
    prepare_offer(
        offer=offered,
        salary=Decimal(70000),
        start_date=date(2027, 2, 1),
        notes="",
        outside_band_reason="",
        prepared_by=hr_generalist,
    )
    extend_offer(offer=offered, extended_by=recruiter)
    with pytest.raises(ValidationError):
        close_offer(offer=offered, accepted=False, closed_by=recruiter)
    reason = OfferDeclineReason.objects.get(label="Accepted another offer")
    close_offer(offer=offered, accepted=False, closed_by=recruiter, decline_reason=reason)
    requisition.refresh_from_db()
    assert requisition.state == "open"
    offered.application.refresh_from_db()
    assert offered.application.stage == "withdrawn"
    assert offered.application.disposition_reason.code == "declined_offer"


def test_nobody_is_hired_without_an_accepted_offer(offered, hiring_manager):
    with pytest.raises(MoveRefused):
        move_application(application=offered.application, to_stage="hired", by=hiring_manager)


def test_a_rejection_opens_inform_the_candidate_for_the_responsible_party(
    application, hiring_manager, recruiter
):
    reason = DispositionReason.objects.filter(side="ours", is_active=True).first()
    move_application(
        application=application,
        to_stage="rejected",
        by=hiring_manager,
        reason=reason,
        against_brief=BriefReason("unnamed", "Not a fit for the team"),
    )
    owed = Commitment.objects.get(kind="inform_candidate")
    assert owed.owner == recruiter
    assert owed.url.endswith(f"/candidates/{application.pk}/messages/rejection/")
