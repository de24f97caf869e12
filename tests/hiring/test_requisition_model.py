import pytest

from hiring.models import Requisition
from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

pytestmark = pytest.mark.django_db


def test_team_members_see_the_requisition_and_others_do_not(requisition, recruiter, outsider):
    assert list(Requisition.objects.visible_to(recruiter)) == [requisition]
    assert not Requisition.objects.visible_to(outsider).exists()


def test_view_all_permission_sees_every_requisition(requisition, hr_lead):
    RequisitionFactory()
    assert Requisition.objects.visible_to(hr_lead).count() == 2


def test_anonymous_and_inactive_people_see_nothing(requisition, recruiter):
    from django.contrib.auth.models import AnonymousUser

    assert not Requisition.objects.visible_to(AnonymousUser()).exists()
    recruiter.is_active = False
    assert not Requisition.objects.visible_to(recruiter).exists()


def test_agency_recruiter_sees_the_band_only_when_it_is_shared(requisition, agency_recruiter):
    put_on_team(requisition, agency_recruiter, TeamRole.INTERVIEWER)  # on the team, not lead
    requisition.team_members.filter(role=TeamRole.RECRUITER).delete()
    put_on_team(requisition, agency_recruiter, TeamRole.RECRUITER)
    assert not requisition.salary_visible_to(agency_recruiter)
    requisition.salary_shared_with_agency = True
    assert requisition.salary_visible_to(agency_recruiter)


def test_interviewers_never_see_the_salary_band(requisition, interviewer, hiring_manager):
    assert not requisition.salary_visible_to(interviewer)
    assert requisition.salary_visible_to(hiring_manager)


def test_only_hr_admins_and_the_hiring_manager_change_the_team_of_an_open_search(
    requisition, recruiter, hr_generalist, hiring_manager, interviewer, admin_user, hr_lead
):
    assert requisition.can_change_team(hr_generalist)
    assert requisition.can_change_team(hiring_manager)
    assert requisition.can_change_team(admin_user)
    assert requisition.can_change_team(hr_lead)
    assert not requisition.can_change_team(recruiter)
    assert not requisition.can_change_team(interviewer)


def test_the_author_of_a_draft_may_set_its_team(recruiter):
    draft = RequisitionFactory(created_by=recruiter)
    assert draft.can_change_team(recruiter)
    assert not draft.can_change_team(UserFactory())


def test_closed_searches_cannot_be_edited(requisition, hr_generalist):
    requisition.state = Requisition.State.FILLED
    assert not requisition.can_edit(hr_generalist)
    assert not requisition.can_change_team(hr_generalist)
    assert requisition.allowed_moves() == ()


def test_the_database_refuses_an_inverted_band():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RequisitionFactory(salary_min=90000, salary_max=80000)


def test_one_recruiter_per_search(requisition, outsider):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        put_on_team(requisition, outsider, TeamRole.RECRUITER)
