import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hiring.lifecycle import create_requisition, move_requisition, update_requisition
from hiring.models import Activity, Requisition

pytestmark = pytest.mark.django_db

DATA = {
    "title": "Platform Engineer",
    "department": "Engineering",
    "location": "Leeds",
    "country": "GB",
    "time_zone": "Europe/London",
    "salary_currency": "GBP",
}


def test_creating_a_requisition_drafts_it_with_its_team_and_journals_both(
    recruiter, hr_generalist, hiring_manager
):
    requisition = create_requisition(
        data=DATA,
        team={
            "recruiter": recruiter,
            "hr_generalist": hr_generalist,
            "hiring_manager": hiring_manager,
        },
        created_by=recruiter,
    )
    assert requisition.state == "draft"
    assert requisition.recruiter == recruiter
    kinds = list(requisition.activities.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["created", "team_changed"]


def test_interviewers_cannot_open_requisitions(interviewer):
    with pytest.raises(PermissionDenied):
        create_requisition(data=DATA, team={}, created_by=interviewer)
    assert not Requisition.objects.exists()


def test_moves_record_who_and_when(requisition, hiring_manager):
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="Budget"
    )
    requisition.refresh_from_db()
    assert requisition.state == "on_hold"
    entry = requisition.activities.get(kind=Activity.Kind.STATE_CHANGED)
    assert entry.actor == hiring_manager
    assert entry.summary == "Moved the requisition from Open to On hold: Budget"


def test_reopening_keeps_the_first_opening_date(requisition, hr_generalist):
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="x"
    )
    requisition.refresh_from_db()
    first_opened = requisition.opened_at
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    requisition.refresh_from_db()
    assert requisition.opened_at == first_opened


def test_drafts_open_and_closing_stamps_the_date(recruiter, hr_generalist, hiring_manager):
    requisition = create_requisition(
        data=DATA,
        team={
            "recruiter": recruiter,
            "hr_generalist": hr_generalist,
            "hiring_manager": hiring_manager,
        },
        created_by=recruiter,
    )
    move_requisition(requisition=requisition, to_state="open", moved_by=recruiter)
    assert requisition.opened_at is not None
    # Nobody hired in Accord: HR confirms it was filled outside, with a note (issue 25).
    move_requisition(
        requisition=requisition,
        to_state="filled",
        moved_by=hr_generalist,
        outside_note="An internal move",
    )
    assert requisition.closed_at is not None


def test_a_move_the_lifecycle_forbids_is_refused_and_changes_nothing(requisition, hr_generalist):
    with pytest.raises(ValidationError):
        move_requisition(requisition=requisition, to_state="draft", moved_by=hr_generalist)
    requisition.refresh_from_db()
    assert requisition.state == "open"
    assert not requisition.activities.exists()


def test_cancelling_needs_a_reason(requisition, hr_generalist):
    with pytest.raises(ValidationError):
        move_requisition(requisition=requisition, to_state="cancelled", moved_by=hr_generalist)
    requisition.refresh_from_db()
    assert requisition.state == "open"


def test_interviewers_cannot_move_a_requisition(requisition, interviewer):
    with pytest.raises(PermissionDenied):
        move_requisition(requisition=requisition, to_state="filled", moved_by=interviewer)


def test_an_edit_journals_each_change_but_never_the_salary_figures(requisition, recruiter):
    changed = update_requisition(
        requisition=requisition,
        data={"headcount": 3, "salary_max": 95000, "title": requisition.title},
        changed_by=recruiter,
    )
    assert changed == ["headcount", "salary_max"]
    entry = requisition.activities.get()
    assert "headcount from 1 to 3" in entry.summary
    assert "the salary band" in entry.summary
    assert "95" not in entry.summary


def test_an_edit_that_changes_nothing_writes_nothing(requisition, recruiter):
    assert (
        update_requisition(
            requisition=requisition, data={"title": requisition.title}, changed_by=recruiter
        )
        == []
    )
    assert not requisition.activities.exists()
