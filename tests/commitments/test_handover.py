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
    # Moved in the team change's own transaction; the beat's reconciliation finds nothing.
    assert hand_over_commitments() == 0
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
    assert hand_over_commitments() == 0  # done at once
    assert Commitment.objects.open().get().owner == successor


def test_the_beat_reconciles_a_team_changed_behind_the_domain_functions_back(
    requisition, hiring_manager
):
    """A team edited in the admin (no follower runs): the beat moves what is orphaned."""
    from tests.factories import put_on_team

    commitment = make_commitment(requisition, hiring_manager)
    successor = UserFactory(role="hiring_manager")
    requisition.team_members.filter(user=hiring_manager).delete()
    put_on_team(requisition, successor, "hiring_manager")
    assert hand_over_commitments() == 1
    assert hand_over_commitments() == 0  # idempotent
    commitment.refresh_from_db()
    assert commitment.owner == successor


def test_the_sweep_does_not_remind_a_leaver_before_the_hand_over(
    traveller, requisition, hiring_manager
):
    from commitments.models import Reminder
    from commitments.sweep import sweep
    from tests.clock import london

    make_commitment(requisition, hiring_manager)
    requisition.team_members.filter(user=hiring_manager).delete()  # left, not yet handed over
    traveller.to(london(30, 12))
    sweep()
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("orphans", [2, 20])
def test_the_reconciliation_costs_the_same_queries_whatever_the_number_moved(
    orphans, requisition, hiring_manager, django_assert_max_num_queries
):
    """A manager replaced outside the team page (in the admin): the beat's reconciliation
    moves everything in a fixed number of queries."""
    from hiring.models import HiringTeamMember

    for n in range(orphans):
        make_commitment(requisition, hiring_manager, title=f"Review {n}", subject=hiring_manager)
        Commitment.objects.filter(title=f"Review {n}").update(subject_id=1000 + n)
    successor = UserFactory(role="hiring_manager", first_name="Noor")
    HiringTeamMember.objects.filter(requisition=requisition, role="hiring_manager").update(
        user=successor
    )
    # savepoint, claim, holders, owed already, owners UPDATE, the doubles (none), the
    # notifications and journal INSERTs, release.
    with django_assert_max_num_queries(10):
        assert hand_over_commitments() == orphans
    assert set(Commitment.objects.open().values_list("owner", flat=True)) == {successor.pk}
    assert Notification.objects.filter(recipient=successor).count() == orphans
    assert requisition.activities.filter(kind="commitment_handed_over").count() == orphans
