"""Issue 25, finding 6: homes that show the day. The interviewer's home said "Nothing is
waiting on you" with interviews today and tomorrow, and the scorecard showed a form before
the interview that failed only on submit (422). Now every home shows what is next for its
reader (insights/agenda.py) and the scorecard says when it opens."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from interviews.scheduling import schedule_interview
from tests.interviews.helpers import activate_plan, make_application

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


@pytest.fixture
def day(requisition, recruiter, hiring_manager, hr_generalist, interviewer):
    """Monday 09:00 in London: Aiko interviews Jane Doe at 10:30 today and Omar Reyes at
    14:00 tomorrow."""
    with time_machine.travel(MONDAY_9, tick=False):
        activate_plan(
            requisition,
            recruiter=recruiter,
            hiring_manager=hiring_manager,
            hr_generalist=hr_generalist,
            panel=[interviewer],
        )
        jane = make_application(requisition, recruiter)
        omar = make_application(requisition, recruiter, name="Omar Reyes")
        today = schedule_interview(
            application=jane,
            stage_index=0,
            starts_at=MONDAY_9 + timedelta(minutes=90),
            ends_at=MONDAY_9 + timedelta(minutes=150),
            location="https://meet.example.com/tech",
            notes="Probe the ledger migration story.",
            interviewers=[interviewer],
            scheduled_by=recruiter,
        )
        tomorrow = schedule_interview(
            application=omar,
            stage_index=0,
            starts_at=MONDAY_9 + timedelta(days=1, hours=5),
            ends_at=MONDAY_9 + timedelta(days=1, hours=6),
            location="Room 3.02",
            notes="",
            interviewers=[interviewer],
            scheduled_by=recruiter,
        )
    return today, tomorrow


def test_finding_6_the_interviewers_home_shows_today_and_tomorrow_with_the_plan(
    client, day, interviewer
):
    today, _tomorrow = day
    client.force_login(interviewer)
    with time_machine.travel(MONDAY_9, tick=False):
        response = client.get(reverse("insights:home"))
    page = response.content.decode()
    assert "Nothing is waiting on you" not in page
    assert "2 meetings coming up" in page
    days = response.context["agenda"]
    assert [d.label for d in days] == ["Today · Mon 23 Nov", "Tomorrow · Tue 24 Nov"]
    assert [m.title for d in days for m in d.meetings] == [
        "Technical interview with Jane Doe",
        "Technical interview with Omar Reyes",
    ]
    assert "Python in production · Owns on-call · PostgreSQL" in page  # the plan
    assert "Scorecard opens at 10:30" in page
    assert (
        reverse(
            "interviews:interview-detail",
            kwargs={"pk": today.requisition_id, "interview": today.pk},
        )
        in page
    )


def test_finding_6_from_the_interviews_start_the_home_links_the_scorecard(client, day, interviewer):
    today, _tomorrow = day
    client.force_login(interviewer)
    with time_machine.travel(today.starts_at + timedelta(minutes=5), tick=False):
        page = client.get(reverse("insights:home")).content.decode()
    url = reverse(
        "interviews:scorecard", kwargs={"pk": today.requisition_id, "interview": today.pk}
    )
    assert f'href="{url}">Write your scorecard' in page


def test_finding_6_before_the_interview_the_scorecard_says_when_it_opens_not_a_form(
    client, day, interviewer
):
    today, _tomorrow = day
    url = reverse(
        "interviews:scorecard", kwargs={"pk": today.requisition_id, "interview": today.pk}
    )
    client.force_login(interviewer)
    with time_machine.travel(MONDAY_9, tick=False):
        before = client.get(url)
        detail = client.get(
            reverse(
                "interviews:interview-detail",
                kwargs={"pk": today.requisition_id, "interview": today.pk},
            )
        ).content.decode()
    assert before.status_code == 200
    assert "Your scorecard opens at 10:30" in before.content.decode()
    assert "Submit scorecard" not in before.content.decode()
    assert "Your scorecard opens at 10:30" in detail and url not in detail
    with time_machine.travel(today.starts_at + timedelta(minutes=1), tick=False):
        during = client.get(url).content.decode()
    assert "Submit scorecard" in during and "opens at" not in during


def test_finding_6_the_hiring_manager_and_recruiter_see_their_next_meetings_too(
    client, requisition, recruiter, hiring_manager
):
    from intake.sessions import schedule_intake

    with time_machine.travel(MONDAY_9, tick=False):
        schedule_intake(
            requisition=requisition,
            scheduled_by=recruiter,
            starts_at=MONDAY_9 + timedelta(days=2, hours=2),
            duration_minutes=60,
            channel="video",
            where="",
            attendees=[recruiter, hiring_manager],
        )
        for person in (recruiter, hiring_manager):
            client.force_login(person)
            response = client.get(reverse("insights:home"))
            titles = [m.title for d in response.context["agenda"] for m in d.meetings]
            assert titles == [f"Intake meeting for {requisition.title}"], person
            assert "Wednesday 25 Nov" in response.content.decode()


def test_finding_6_a_home_with_nothing_coming_says_so(client, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("insights:home")).content.decode()
    assert "No interview, check-in or intake meeting for you in the next seven days." in page
