from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import TeamRole, UserFactory, put_on_team

from .helpers import activate_plan, make_application


@pytest.fixture
def second_interviewer(requisition):
    person = UserFactory(username="bea", first_name="Bea", last_name="Moss", role="interviewer")
    put_on_team(requisition, person, TeamRole.INTERVIEWER)
    return person


@pytest.fixture
def active_plan(
    requisition, recruiter, hiring_manager, hr_generalist, interviewer, second_interviewer
):
    """An active agreement whose plan has two stages (interviewers preselected)."""
    return activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer, second_interviewer],
    )


@pytest.fixture
def application(active_plan, requisition, recruiter):
    return make_application(requisition, recruiter)


@pytest.fixture
def starts_at():
    """Next Tuesday 10:00 in London (a working day, inside 08:00–19:00)."""
    from zoneinfo import ZoneInfo

    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def interview(application, recruiter, interviewer, second_interviewer, starts_at):
    from interviews.scheduling import schedule_interview

    return schedule_interview(
        application=application,
        stage_index=0,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        location="https://meet.example.com/tech",
        notes="Probe the ledger migration story.",
        interviewers=[interviewer, second_interviewer],
        scheduled_by=recruiter,
    )
