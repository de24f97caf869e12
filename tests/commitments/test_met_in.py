"""How long a commitment took to meet, in business time (`Commitment.met_in`), and who
answers for it after a hand-over (`late_owner`): the facts the figures are read from."""

from datetime import datetime, timedelta

import pytest

from commitments.handover import hand_over_commitments
from commitments.ledger import meet_commitments
from commitments.models import Commitment
from hiring.lifecycle import move_requisition
from hiring.team import assign_hiring_team
from tests.clock import LONDON, london
from tests.factories import UserFactory, make_commitment

pytestmark = pytest.mark.django_db


def hold(requisition, by):
    move_requisition(requisition=requisition, to_state="on_hold", moved_by=by, reason="x")


def meet(commitment):
    return meet_commitments(subject=commitment.subject, kind=commitment.kind)


def test_met_in_counts_business_hours_only_across_a_weekend(traveller, requisition, hiring_manager):
    traveller.to(datetime(2026, 11, 27, 15, tzinfo=LONDON))  # Friday 15:00
    review = make_commitment(requisition, hiring_manager)
    traveller.to(london(30, 11))  # Monday 11:00: 2 hours on Friday, 2 on Monday
    assert meet(review) == 1
    review.refresh_from_db()
    assert review.state == Commitment.State.MET
    assert review.met_in == timedelta(hours=4)


def test_met_in_leaves_out_public_holidays(traveller, requisition, hiring_manager):
    # Thursday 24 Dec 15:00 → Tuesday 29 Dec 11:00 in London: Christmas (Fri 25) and Boxing
    # Day observed (Mon 28) are holidays, so 2 hours on Thursday and 2 on Tuesday.
    traveller.to(datetime(2026, 12, 24, 15, tzinfo=LONDON))
    review = make_commitment(requisition, hiring_manager)
    traveller.to(datetime(2026, 12, 29, 11, tzinfo=LONDON))
    meet(review)
    review.refresh_from_db()
    assert review.met_in == timedelta(hours=4)


def test_met_in_leaves_out_the_time_the_search_was_on_hold(
    traveller, requisition, hiring_manager, hr_generalist
):
    review = make_commitment(requisition, hiring_manager)  # Monday 23 Nov 10:00
    traveller.to(london(23, 15))  # 5 business hours used
    hold(requisition, hr_generalist)
    traveller.to(london(25, 10))  # on hold: Mon 15-17, all Tuesday, Wed 9-10
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    review.refresh_from_db()
    assert review.paused_for == timedelta(hours=2 + 8 + 1)
    traveller.to(london(25, 12))  # 2 more business hours
    meet(review)
    review.refresh_from_db()
    assert review.met_in == timedelta(hours=7)


def test_met_while_the_search_is_on_hold_counts_only_the_running_time(
    traveller, requisition, hiring_manager, hr_generalist
):
    review = make_commitment(requisition, hiring_manager)  # Monday 10:00
    traveller.to(london(23, 13))
    hold(requisition, hr_generalist)
    traveller.to(london(24, 16))
    meet(review)
    review.refresh_from_db()
    assert review.met_in == timedelta(hours=3)


def test_a_commitment_opened_on_hold_counts_from_the_reopening(
    traveller, requisition, hiring_manager, hr_generalist
):
    hold(requisition, hr_generalist)
    requisition.refresh_from_db()
    review = make_commitment(requisition, hiring_manager)  # Monday 10:00, starts paused
    traveller.to(london(24, 10))
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    traveller.to(london(24, 13))
    meet(review)
    review.refresh_from_db()
    assert review.met_in == timedelta(hours=3)


def test_a_handover_before_the_deadline_makes_it_the_successors(
    traveller, requisition, hiring_manager, hr_generalist, recruiter
):
    review = make_commitment(requisition, hiring_manager)  # due Wed 25 10:00
    successor = UserFactory(role="hiring_manager")
    traveller.to(london(24, 10))
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=successor,
    )
    review.refresh_from_db()
    assert review.owner == successor and review.late_owner is None
    assert review.answerable_id == successor.pk


def test_a_handover_after_the_deadline_leaves_the_lateness_with_the_predecessor(
    traveller, requisition, hiring_manager, hr_generalist, recruiter
):
    review = make_commitment(requisition, hiring_manager)  # due Wed 25 10:00
    first, second = UserFactory(role="hiring_manager"), UserFactory(role="hiring_manager")
    traveller.to(london(26, 10))  # a day late
    for successor in (first, second):  # handed over twice: the first late holder stays
        assign_hiring_team(
            requisition=requisition,
            changed_by=hr_generalist,
            recruiter=recruiter,
            hr_generalist=hr_generalist,
            hiring_manager=successor,
        )
    assert hand_over_commitments() == 0
    review.refresh_from_db()
    assert review.owner == second
    assert review.late_owner == hiring_manager
    assert review.answerable_id == hiring_manager.pk
