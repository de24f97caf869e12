import pytest

from commitments.handover import hand_over_commitments
from commitments.models import Commitment, Notification
from hiring.team import assign_hiring_team
from tests.factories import UserFactory, make_commitment

pytestmark = pytest.mark.django_db


def replace_manager(requisition, hr_generalist, recruiter, new_manager):
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=new_manager,
    )


def test_a_replaced_hiring_managers_commitments_move_to_the_new_one(
    requisition, hiring_manager, hr_generalist, recruiter
):
    commitment = make_commitment(requisition, hiring_manager)
    successor = UserFactory(role="hiring_manager", first_name="Noor", last_name="Haddad")
    replace_manager(requisition, hr_generalist, recruiter, successor)
    assert hand_over_commitments() == 1
    assert hand_over_commitments() == 0  # idempotent
    commitment.refresh_from_db()
    assert commitment.owner == successor
    assert Notification.objects.get(recipient=successor, key="").text.startswith("You now owe")
    assert "over from" in requisition.activities.get(kind="commitment_handed_over").summary


def test_nothing_moves_while_the_team_is_unchanged(requisition, hiring_manager, recruiter):
    make_commitment(requisition, hiring_manager)
    make_commitment(requisition, recruiter, party="recruiter", title="Shortlist")
    assert hand_over_commitments() == 0


def test_an_interviewers_feedback_stays_with_the_interviewer(requisition, interviewer):
    make_commitment(requisition, interviewer, party="interviewer", title="Feedback")
    requisition.team_members.filter(user=interviewer).delete()
    assert hand_over_commitments() == 0
    assert Commitment.objects.get().owner == interviewer


def test_a_promise_the_successor_already_owes_is_not_doubled(
    requisition, hiring_manager, hr_generalist, recruiter
):
    successor = UserFactory(role="hiring_manager")
    make_commitment(requisition, hiring_manager)
    make_commitment(requisition, successor)
    replace_manager(requisition, hr_generalist, recruiter, successor)
    assert hand_over_commitments() == 1
    assert Commitment.objects.open().get().owner == successor
