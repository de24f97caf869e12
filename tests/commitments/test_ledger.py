import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.ledger import (
    meet_commitments,
    open_commitment,
    waive_commitment,
    withdraw_commitments,
)
from commitments.models import Commitment, Step
from commitments.service_terms import CommitmentKind, ServiceTerm, Unit
from tests.clock import MONDAY_10, london

pytestmark = pytest.mark.django_db


def test_a_commitment_fixes_its_ladder_in_business_time(review_commitment):
    c = review_commitment
    assert c.started_at == MONDAY_10
    assert c.due_at == london(25, 10)  # Wednesday 10:00
    assert c.nudge_at == london(24, 14)  # 4 business hours before
    assert c.escalate_at == london(26, 10)  # 1 business day overdue
    assert c.second_escalate_at == london(30, 10)  # 3 business days overdue
    assert c.next_step_at == c.nudge_at
    assert c.ladder()[0] == (Step.NUDGE, c.nudge_at)


def test_opening_the_same_promise_twice_returns_the_first(review_commitment, requisition):
    again = open_commitment(
        kind=review_commitment.kind,
        requisition=requisition,
        owner=review_commitment.owner,
        party="hiring_manager",
        subject=requisition,
        title="Review Jane Doe",
        url="/",
        term=ServiceTerm("hiring_manager", 5, Unit.BUSINESS_DAYS),
    )
    assert again.pk == review_commitment.pk
    assert Commitment.objects.count() == 1


def test_a_deadline_too_short_to_nudge_before_has_no_nudge(traveller, requisition, recruiter):
    c = open_commitment(
        kind=CommitmentKind.STATUS_UPDATE,
        requisition=requisition,
        owner=recruiter,
        party="recruiter",
        subject=requisition,
        title="Status update",
        url="/",
        term=ServiceTerm("recruiter", 2, Unit.BUSINESS_HOURS),
    )
    assert c.nudge_at is None
    assert c.next_step_at == c.due_at == london(23, 12)


def test_end_of_day_terms_are_due_at_five(traveller, requisition, recruiter):
    c = open_commitment(
        kind=CommitmentKind.STATUS_UPDATE,
        requisition=requisition,
        owner=recruiter,
        party="recruiter",
        subject=requisition,
        title="Status update",
        url="/",
        term=ServiceTerm("recruiter", 0, Unit.END_OF_DAY),
    )
    assert c.due_at == london(23, 17)


def test_the_fulfilling_event_meets_it_and_stops_the_ladder(review_commitment, requisition):
    assert meet_commitments(subject=requisition, kind=CommitmentKind.REVIEW_CANDIDATE) == 1
    review_commitment.refresh_from_db()
    assert review_commitment.state == "met"
    assert review_commitment.met_at == MONDAY_10
    assert review_commitment.next_step_at is None
    assert meet_commitments(subject=requisition, kind=CommitmentKind.REVIEW_CANDIDATE) == 0


def test_meeting_can_be_limited_to_one_owner(review_commitment, requisition, recruiter):
    assert (
        meet_commitments(subject=requisition, kind=CommitmentKind.REVIEW_CANDIDATE, owner=recruiter)
        == 0
    )


def test_hr_or_the_counterpart_may_waive_with_a_reason(
    review_commitment, recruiter, hr_generalist, interviewer, hiring_manager
):
    assert review_commitment.can_be_waived_by(recruiter)  # the other side
    assert review_commitment.can_be_waived_by(hr_generalist)
    assert not review_commitment.can_be_waived_by(hiring_manager)  # not one's own
    assert not review_commitment.can_be_waived_by(interviewer)  # same side
    with pytest.raises(ValidationError):
        waive_commitment(commitment=review_commitment, waived_by=recruiter, reason="  ")
    with pytest.raises(PermissionDenied):
        waive_commitment(commitment=review_commitment, waived_by=interviewer, reason="x")
    waived = waive_commitment(
        commitment=review_commitment, waived_by=recruiter, reason="Candidate withdrew"
    )
    assert (waived.state, waived.waived_by, waived.next_step_at) == ("waived", recruiter, None)
    assert "Candidate withdrew" in waived.requisition.activities.get().summary
    with pytest.raises(ValidationError):
        waive_commitment(commitment=review_commitment, waived_by=hr_generalist, reason="again")


def test_withdrawn_commitments_are_closed_without_blame(review_commitment, requisition):
    assert (
        withdraw_commitments(
            subject=requisition, kind=CommitmentKind.REVIEW_CANDIDATE, reason="superseded"
        )
        == 1
    )
    review_commitment.refresh_from_db()
    assert review_commitment.state == "withdrawn"
    assert review_commitment.withdrawn_reason == "superseded"
    assert review_commitment.waived_by is None


def test_give_a_term_or_a_date_not_both(requisition, recruiter):
    with pytest.raises(ValueError):
        open_commitment(
            kind=CommitmentKind.ACTION_ITEM,
            requisition=requisition,
            owner=recruiter,
            party="recruiter",
            subject=requisition,
            title="x",
            url="/",
        )
