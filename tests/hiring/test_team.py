import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hiring.models import HiringTeamMember
from hiring.team import assign_hiring_team
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_team_becomes_exactly_what_was_asked_and_is_journaled(
    requisition, hr_generalist, hiring_manager, recruiter, interviewer
):
    second = UserFactory(role="interviewer", first_name="Bo", last_name="Li")
    lines = assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=hiring_manager,
        interviewers=[second],
    )
    assert lines == [
        "added Bo Li as interviewer",
        f"removed {interviewer.display_name} as interviewer",
    ]
    roles = set(requisition.team_members.values_list("role", "user"))
    assert ("interviewer", second.pk) in roles
    assert len(roles) == 4
    assert requisition.activities.get().kind == "team_changed"


def test_a_recruiter_cannot_change_the_team_of_an_open_search(requisition, recruiter):
    with pytest.raises(PermissionDenied):
        assign_hiring_team(requisition=requisition, changed_by=recruiter, recruiter=recruiter)
    assert requisition.team_members.count() == 4


def test_people_must_fit_their_part(requisition, hr_generalist, interviewer, hiring_manager):
    with pytest.raises(ValidationError):
        assign_hiring_team(
            requisition=requisition,
            changed_by=hr_generalist,
            recruiter=interviewer,
            hr_generalist=hr_generalist,
            hiring_manager=hiring_manager,
        )
    assert HiringTeamMember.objects.filter(requisition=requisition).count() == 4


def test_saving_the_same_team_writes_nothing(
    requisition, hr_generalist, recruiter, hiring_manager, interviewer
):
    assert (
        assign_hiring_team(
            requisition=requisition,
            changed_by=hr_generalist,
            recruiter=recruiter,
            hr_generalist=hr_generalist,
            hiring_manager=hiring_manager,
            interviewers=[interviewer],
        )
        == []
    )
    assert not requisition.activities.exists()
