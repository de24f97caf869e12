"""Issue 18, "Away": a stand-in holds the part, what nobody may hold pauses, no reminder
reaches someone away, and on return it all comes back."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commitments.absences import end_absence, follow_absences, set_absence
from commitments.ledger import meet_commitments
from commitments.models import Absence, Commitment, Notification
from commitments.sweep import sweep
from hiring.models import Activity, Requisition
from intake.models import Agreement
from tests.clock import LONDON, london
from tests.factories import UserFactory, make_commitment
from tests.pipeline.helpers import activate_agreement

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


@pytest.fixture
def deputy(db):
    return UserFactory(role="hiring_manager", first_name="Dana", last_name="Deputy")


def _team(requisition):
    return Requisition.objects.with_team().get(pk=requisition.pk)


def test_while_away_the_part_goes_to_the_stand_in_and_comes_back_on_return(
    traveller, requisition, hiring_manager, deputy, hr_generalist
):
    first = make_commitment(requisition, hiring_manager, title="Review Ann")
    second = make_commitment(requisition, hiring_manager, title="Review Ben", subject=hr_generalist)
    absence = set_absence(
        person=hiring_manager,
        starts_on=MONDAY,
        ends_on=MONDAY,
        deputy=deputy,
        set_by=hiring_manager,
    )
    assert _team(requisition).hiring_manager == deputy
    assert Commitment.objects.get(pk=first.pk).owner == deputy
    meet_commitments(subject=requisition, kind="review_candidate")  # the deputy meets one
    traveller.to(london(24, 9))
    follow_absences()  # the day after the last day: back
    absence.refresh_from_db()
    assert absence.ended_at is not None
    assert _team(requisition).hiring_manager == hiring_manager
    assert Commitment.objects.get(pk=first.pk).state == "met"  # met by the deputy, stays met
    assert Commitment.objects.get(pk=second.pk).owner == hiring_manager


def test_what_nobody_may_hold_pauses_while_away_and_resumes_on_return(
    traveller, requisition, interviewer
):
    feedback = make_commitment(
        requisition, interviewer, party="interviewer", kind="interview_feedback", days=1
    )
    absence = set_absence(
        person=interviewer, starts_on=MONDAY, ends_on=MONDAY, deputy=None, set_by=interviewer
    )
    feedback.refresh_from_db()
    assert feedback.is_paused and feedback.paused_for_absence
    traveller.to(london(30, 12))
    sweep()
    assert not feedback.reminders.exists()
    end_absence(absence=absence, now=london(30, 12))
    feedback.refresh_from_db()
    assert not feedback.is_paused  # with the business day it had left
    assert feedback.due_at == datetime(2026, 12, 1, 12, tzinfo=LONDON)


def test_no_reminder_reaches_someone_away_not_even_an_escalation(
    traveller, requisition, hiring_manager, hr_generalist
):
    review = make_commitment(requisition, hiring_manager)
    set_absence(person=hr_generalist, starts_on=MONDAY, ends_on=date(2026, 12, 4), deputy=None,
                set_by=hr_generalist)  # fmt: skip
    traveller.to(london(27, 12))  # past the escalation
    sweep()
    recipients = set(review.reminders.values_list("recipient", flat=True))
    assert hiring_manager.pk in recipients and hr_generalist.pk not in recipients


def test_a_commitment_opened_for_someone_away_opens_paused(traveller, requisition, interviewer):
    set_absence(
        person=interviewer, starts_on=MONDAY, ends_on=MONDAY, deputy=None, set_by=interviewer
    )
    later = make_commitment(requisition, interviewer, party="interviewer", kind="action_item")
    assert later.is_paused and later.paused_for_absence


def test_hr_sets_an_absence_for_someone_else_and_nobody_else_can(
    traveller, requisition, hiring_manager, hr_generalist, recruiter
):
    with pytest.raises(PermissionDenied):
        set_absence(person=hiring_manager, starts_on=MONDAY, ends_on=MONDAY, deputy=None,
                    set_by=recruiter)  # fmt: skip
    with pytest.raises(ValidationError):
        set_absence(person=hiring_manager, starts_on=MONDAY, ends_on=date(2026, 11, 20),
                    deputy=None, set_by=hr_generalist)  # fmt: skip
    set_absence(person=hiring_manager, starts_on=MONDAY, ends_on=MONDAY, deputy=None,
                set_by=hr_generalist)  # fmt: skip
    assert Absence.objects.get().started_at is not None


def test_hr_and_the_other_side_are_told_once_and_the_journal_says_who_stands_in(
    traveller, requisition, hiring_manager, deputy, recruiter, hr_generalist
):
    set_absence(
        person=hiring_manager,
        starts_on=MONDAY,
        ends_on=MONDAY,
        deputy=deputy,
        set_by=hiring_manager,
    )
    follow_absences()  # a second look changes nothing
    for person in (recruiter, hr_generalist):
        assert (
            Notification.objects.filter(recipient=person, key__startswith="absence:").count() == 1
        )
    assert "Dana Deputy stands in as hiring manager" in Activity.objects.get(kind="absence").summary


def test_the_away_page_sets_one_and_ends_it(client, traveller, hiring_manager, deputy):
    client.force_login(hiring_manager)
    response = client.post(
        reverse("commitments:absences"),
        {"person": hiring_manager.pk, "starts_on": "2026-11-23", "ends_on": "2026-11-27",
         "deputy": deputy.pk},
    )  # fmt: skip
    assert response.status_code == 302
    absence = Absence.objects.get()
    client.post(reverse("commitments:absence-end", args=[absence.pk]))
    absence.refresh_from_db()
    assert absence.ended_at is not None


@pytest.mark.parametrize("policy", ["pause", "escalate"])
def test_the_agreement_can_say_pause_or_escalate_to_hr_instead_of_the_stand_in(
    policy, traveller, requisition, hiring_manager, deputy, recruiter, hr_generalist
):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    agreement = Agreement.objects.get(requisition=requisition, state="active")
    agreement.communication = {**agreement.communication, "when_away": policy}
    agreement.save(update_fields=["communication"])
    review = make_commitment(requisition, hiring_manager, title="Review Ann", subject=recruiter)
    set_absence(person=hiring_manager, starts_on=MONDAY, ends_on=MONDAY, deputy=deputy,
                set_by=hiring_manager)  # fmt: skip
    assert _team(requisition).hiring_manager == hiring_manager  # nobody stands in here
    review.refresh_from_db()
    assert review.owner == hiring_manager and review.is_paused
    said = Activity.objects.get(kind="absence").summary
    assert ("HR decides" in said) == (policy == "escalate")
