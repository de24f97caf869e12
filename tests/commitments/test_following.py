"""Commitments follow the search's state (issue 7): filled or cancelled withdraws what is
open, on hold pauses each clock, reopening resumes it with the business time that was left;
none of it sends a reminder, and the move is journaled once with counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.ledger import open_commitment
from commitments.models import Commitment, Reminder
from commitments.service_terms import ServiceTerm, Unit
from commitments.sweep import sweep
from hiring.lifecycle import move_requisition
from hiring.models import Activity
from tests.clock import london
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


def state_entries(requisition):
    return requisition.activities.filter(kind=Activity.Kind.STATE_CHANGED)


@pytest.mark.parametrize("to_state", ["filled", "cancelled"])
def test_closing_a_search_withdraws_every_open_commitment_and_sends_nothing(
    traveller, requisition, hiring_manager, recruiter, hr_generalist, to_state
):
    review = make_commitment(requisition, hiring_manager)
    shortlist = make_commitment(requisition, recruiter, party="recruiter", kind="present_shortlist")
    traveller.to(london(24, 10))
    move_requisition(
        requisition=requisition,
        to_state=to_state,
        moved_by=hr_generalist,
        reason="x",
        outside_note="An internal move",
    )
    for commitment in (review, shortlist):
        commitment.refresh_from_db()
        assert commitment.state == Commitment.State.WITHDRAWN
        assert commitment.next_step_at is None
        assert commitment.withdrawn_reason == f"The search was {to_state}."
    traveller.to(london(30, 12))  # long past every escalation
    sweep()
    assert not Reminder.objects.exists()
    [entry] = state_entries(requisition)
    assert "2 open commitments withdrawn" in entry.summary


def test_withdrawn_is_kept_apart_from_waived_and_out_of_on_time_figures(
    traveller, requisition, hiring_manager, recruiter
):
    make_commitment(requisition, hiring_manager)
    move_requisition(requisition=requisition, to_state="cancelled", moved_by=recruiter, reason="x")
    assert Commitment.objects.filter(state="waived").count() == 0
    assert Commitment.objects.filter(state="withdrawn").count() == 1
    assert not Commitment.objects.overdue(now=london(30, 12)).exists()


def test_on_hold_pauses_the_clock_and_reopening_resumes_it_with_the_time_left(
    traveller, requisition, hiring_manager, hr_generalist
):
    review = make_commitment(requisition, hiring_manager)  # Mon 10:00 → due Wed 10:00
    traveller.to(london(24, 10))  # one business day used, one left
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="budget"
    )
    review.refresh_from_db()
    assert review.paused_at is not None and review.next_step_at is None
    assert review.paused_remaining == timedelta(hours=8)
    assert not Commitment.objects.overdue(now=london(30, 12)).exists()

    traveller.to(london(30, 12))  # a week on hold: nothing is sent
    sweep()
    assert not Reminder.objects.exists()

    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    review.refresh_from_db()
    assert review.paused_at is None
    # The one business day left, counted from reopening on Monday 30 Nov at noon.
    assert review.due_at == london(30, 12) + timedelta(days=1)
    assert review.nudge_at == london(30, 16)
    assert review.next_step_at == review.nudge_at
    assert not Reminder.objects.exists()  # reopening itself sends nothing
    [hold, reopen] = state_entries(requisition).order_by("created_at", "pk")
    assert "1 open commitment paused" in hold.summary
    assert "1 open commitment resumed" in reopen.summary


def test_a_commitment_already_late_when_paused_is_as_late_when_resumed(
    traveller, requisition, hiring_manager, hr_generalist
):
    review = make_commitment(requisition, hiring_manager)  # due Wed 25 10:00
    traveller.to(london(25, 14))  # 4 business hours late
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="x"
    )
    traveller.to(london(30, 10))
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    review.refresh_from_db()
    assert review.is_overdue
    assert review.due_at == london(27, 14)  # 4 business hours before Mon 30 10:00


def test_a_commitment_opened_on_a_search_on_hold_starts_paused(
    traveller, requisition, hiring_manager, hr_generalist
):
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="x"
    )
    requisition.refresh_from_db()
    review = make_commitment(requisition, hiring_manager)
    assert review.is_paused and review.next_step_at is None
    assert review.paused_remaining == timedelta(hours=16)


def test_no_commitment_opens_on_a_closed_search(requisition, recruiter, hiring_manager):
    move_requisition(requisition=requisition, to_state="cancelled", moved_by=recruiter, reason="x")
    requisition.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled"):
        open_commitment(
            kind="review_candidate",
            requisition=requisition,
            owner=hiring_manager,
            party="hiring_manager",
            subject=requisition,
            title="Review",
            url="/",
            term=ServiceTerm("hiring_manager", 2, Unit.BUSINESS_DAYS),
        )


def test_a_hold_by_the_hiring_manager_is_reopened_only_by_them_or_hr(
    requisition, recruiter, hiring_manager, hr_generalist
):
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="reorg"
    )
    with pytest.raises(PermissionDenied, match="put this search on hold"):
        move_requisition(requisition=requisition, to_state="open", moved_by=recruiter)
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    assert requisition.state == "open"
