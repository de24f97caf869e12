"""Issue 18, "Answer a deadline honestly": not mine, and I need more time."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.answers import (
    answer_decline,
    answer_extension,
    ask_for_more_time,
    decline_commitment,
)
from commitments.models import Commitment, CommitmentAnswer, Notification
from commitments.sweep import sweep
from hiring.models import Activity
from insights.figures import PERSON, Period, Scope, commitment_figures
from tests.clock import london
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(traveller, requisition, interviewer):
    return make_commitment(
        requisition,
        interviewer,
        party="interviewer",
        kind="interview_feedback",
        title="Feedback on Jane Doe",
        days=1,
    )


def test_not_mine_goes_to_the_recruiter_marked_declined_by_owner_and_both_are_told(
    feedback, interviewer, recruiter
):
    decline_commitment(commitment=feedback, by=interviewer, reason_code="not_attended")
    feedback.refresh_from_db()
    assert feedback.owner == recruiter and feedback.party == "recruiter"
    assert feedback.declined_by == interviewer
    assert feedback.late_owner == interviewer  # counts for them until the reason is accepted
    assert Notification.objects.filter(recipient=recruiter, key__startswith="declined:").exists()
    entry = Activity.objects.get(kind="commitment_declined")
    assert "I did not attend this interview" in entry.summary


def test_an_accepted_decline_closes_it_out_of_on_time_figures_and_stops_the_ladder(
    feedback, interviewer, recruiter, traveller
):
    decline_commitment(commitment=feedback, by=interviewer, reason_code="not_attended")
    answer_decline(commitment=feedback, by=recruiter, accept=True)
    feedback.refresh_from_db()
    assert feedback.state == Commitment.State.DECLINED
    assert feedback.late_owner is None and feedback.next_step_at is None
    assert Notification.objects.filter(
        recipient=interviewer, key__startswith="decline-answered:"
    ).exists()
    traveller.to(london(30, 12))
    sweep()
    assert not feedback.reminders.exists()  # no reminder after an accepted decline


def test_a_refused_decline_goes_back_to_its_owner_with_the_same_deadline(
    feedback, interviewer, recruiter
):
    due = feedback.due_at
    decline_commitment(commitment=feedback, by=interviewer, reason_code="not_attended")
    with pytest.raises(ValidationError):  # a refusal says why
        answer_decline(commitment=feedback, by=recruiter, accept=False)
    answer_decline(commitment=feedback, by=recruiter, accept=False, note="You were on the panel")
    feedback.refresh_from_db()
    assert feedback.owner == interviewer and feedback.party == "interviewer"
    assert feedback.declined_by is None and feedback.late_owner is None
    assert feedback.due_at == due and feedback.state == "open"


def test_no_reminder_goes_to_whoever_declined_while_the_decline_waits(
    feedback, interviewer, recruiter, traveller
):
    decline_commitment(commitment=feedback, by=interviewer, reason_code="not_attended")
    traveller.to(london(25, 12))  # past the reminder and the escalation
    sweep()
    recipients = set(feedback.reminders.values_list("recipient", flat=True))
    assert interviewer.pk not in recipients and recruiter.pk in recipients


def test_only_the_owner_declines_and_only_the_receiver_or_hr_answers(
    feedback, interviewer, recruiter, hiring_manager, hr_generalist
):
    with pytest.raises(PermissionDenied):
        decline_commitment(commitment=feedback, by=hiring_manager, reason_code="not_attended")
    with pytest.raises(ValidationError):
        decline_commitment(commitment=feedback, by=interviewer, reason_code="made-up")
    with pytest.raises(ValidationError):
        decline_commitment(commitment=feedback, by=interviewer, reason_code="other", reason="")
    decline_commitment(commitment=feedback, by=interviewer, reason_code="not_attended")
    with pytest.raises(PermissionDenied):
        answer_decline(commitment=feedback, by=hiring_manager, accept=True)
    with pytest.raises(PermissionDenied):  # the decliner cannot accept their own reason
        answer_decline(commitment=feedback, by=interviewer, accept=True)
    answer_decline(commitment=feedback, by=hr_generalist, accept=True)


def test_the_agreement_and_what_the_recruiter_owes_go_to_hr(
    traveller, requisition, recruiter, hr_generalist
):
    c = make_commitment(requisition, recruiter, party="recruiter", kind="status_update")
    decline_commitment(commitment=c, by=recruiter, reason_code="other", reason="Agency does it")
    c.refresh_from_db()
    assert c.owner == hr_generalist and c.party == "hr_generalist"


@pytest.fixture
def review(traveller, requisition, hiring_manager):
    return make_commitment(requisition, hiring_manager)  # due Wednesday 25th 10:00


def test_more_time_accepted_rebuilds_the_ladder_from_the_new_deadline(
    review, hiring_manager, recruiter
):
    new = london(27, 17)
    ask_for_more_time(commitment=review, by=hiring_manager, due_at=new, reason="Travelling")
    assert Notification.objects.filter(recipient=recruiter, key__startswith="more-time:").exists()
    review.refresh_from_db()
    assert review.due_at == london(25, 10)  # the old one stands until accepted
    answer_extension(commitment=review, by=recruiter, accept=True)
    review.refresh_from_db()
    assert review.due_at == new and review.extensions == 1
    assert review.first_due_at == london(25, 10)
    assert review.nudge_at == london(27, 13)
    assert review.escalate_at == london(30, 17)
    assert Activity.objects.filter(kind="extension_answered").exists()


def test_more_time_refused_or_unanswered_before_the_old_deadline_leaves_it_standing(
    review, hiring_manager, recruiter, traveller
):
    ask_for_more_time(
        commitment=review, by=hiring_manager, due_at=london(26, 17), reason="Travelling"
    )
    traveller.to(london(25, 11))  # the old deadline passed unanswered
    with pytest.raises(ValidationError):
        answer_extension(commitment=review, by=recruiter, accept=True)
    review.refresh_from_db()
    assert review.due_at == london(25, 10) and review.extensions == 0
    assert review.answers.get().state == CommitmentAnswer.State.LAPSED


def test_more_time_is_bounded_asked_by_the_owner_only_and_before_the_deadline(
    review, hiring_manager, recruiter, traveller
):
    with pytest.raises(PermissionDenied):
        ask_for_more_time(commitment=review, by=recruiter, due_at=london(26, 17), reason="x")
    with pytest.raises(ValidationError):  # earlier than the current deadline
        ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(24, 17), reason="x")
    with pytest.raises(ValidationError):  # beyond ten business days
        ask_for_more_time(
            commitment=review,
            by=hiring_manager,
            due_at=london(25, 10).replace(month=12),
            reason="x",
        )
    traveller.to(london(25, 11))
    with pytest.raises(ValidationError):
        ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(27, 17), reason="x")


def test_at_most_two_extensions_unless_hr_grants_more(
    review, hiring_manager, recruiter, hr_generalist
):
    for day in (26, 27):
        ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(day, 17), reason="x")
        answer_extension(commitment=review, by=recruiter, accept=True)
    ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(30, 17), reason="x")
    with pytest.raises(PermissionDenied):
        answer_extension(commitment=review, by=recruiter, accept=True)
    answer_extension(commitment=review, by=hr_generalist, accept=True)
    review.refresh_from_db()
    assert review.extensions == 3 and review.due_at == london(30, 17)


def test_one_request_waits_at_a_time(review, hiring_manager):
    ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(26, 17), reason="x")
    with pytest.raises(ValidationError):
        ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(27, 17), reason="y")


def test_extensions_and_declines_are_their_own_categories_in_the_figures(
    feedback, review, interviewer, hiring_manager, recruiter, hr_lead, traveller
):
    decline_commitment(commitment=feedback, by=interviewer, reason_code="not_attended")
    answer_decline(commitment=feedback, by=recruiter, accept=True)
    ask_for_more_time(commitment=review, by=hiring_manager, due_at=london(26, 17), reason="x")
    answer_extension(commitment=review, by=recruiter, accept=True)
    traveller.to(london(27, 12))
    period = Period.last(30)
    mine = commitment_figures(hr_lead, Scope(kind=PERSON, person=interviewer), period).total
    assert (mine.declined, mine.due, mine.on_time_pct) == (1, 1, None)
    theirs = commitment_figures(hr_lead, Scope(kind=PERSON, person=hiring_manager), period).total
    assert theirs.extended == 1 and theirs.overdue == 1  # counted against the new deadline
