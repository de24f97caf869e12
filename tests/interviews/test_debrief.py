from datetime import timedelta

import pytest
from django.urls import reverse

from interviews.debrief import debrief
from interviews.feedback import open_feedback_commitments, submit_scorecard
from interviews.scheduling import schedule_interview
from tests.factories import TeamRole, UserFactory, put_on_team

pytestmark = pytest.mark.django_db


def panel_of(requisition, count):
    people = []
    for i in range(count):
        person = UserFactory(username=f"panel{i}", first_name=f"P{i}", role="interviewer")
        put_on_team(requisition, person, TeamRole.INTERVIEWER)
        people.append(person)
    return people


def interviews_with_cards(application, recruiter, starts_at, cards):
    """`cards` scorecards over interviews of two interviewers each."""
    requisition = application.requisition
    people = panel_of(requisition, cards)
    for i in range(0, cards, 2):
        start = starts_at + timedelta(days=i)
        interview = schedule_interview(
            application=application,
            stage_index=0,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            location="Room",
            notes="",
            interviewers=people[i : i + 2],
            scheduled_by=recruiter,
        )
        for rating, person in enumerate(people[i : i + 2], start=2):
            submit_scorecard(
                interview=interview,
                author=person,
                ratings=[{"area": a, "rating": rating, "note": ""} for a in interview.focus_areas],
                recommendation="yes",
                notes=f"by {person.first_name}",
                now=interview.ends_at,
            )


@pytest.mark.parametrize("cards", [2, 12])
def test_the_debrief_renders_in_a_constant_number_of_queries(
    cards, client, hiring_manager, application, recruiter, starts_at, django_assert_max_num_queries
):
    interviews_with_cards(application, recruiter, starts_at, cards)
    url = reverse(
        "interviews:debrief",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )
    client.force_login(hiring_manager)
    client.get(url)  # warm the content-type cache
    with django_assert_max_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["data"]["cards"]) == cards


# 14, + whether the reader still owes a scorecard of the candidate (the panel rule) and the
# open debrief decision with its deadline (issue 25, findings 2 and 3).
QUERIES = 16


def test_the_debrief_lines_ratings_up_against_must_haves_and_names_who_is_late(
    interview, interviewer, second_interviewer
):
    open_feedback_commitments(now=interview.ends_at + timedelta(minutes=1))
    submit_scorecard(
        interview=interview,
        author=interviewer,
        ratings=[
            {"area": "Python in production", "rating": 4, "note": ""},
            {"area": "Owns on-call", "rating": 1, "note": ""},
            {"area": "PostgreSQL", "rating": 3, "note": ""},
        ],
        recommendation="no",
        notes="",
        now=interview.ends_at + timedelta(minutes=5),
    )
    data = debrief(interview.application, now=interview.ends_at + timedelta(days=3))
    assert [(r.area, r.kind) for r in data["rows"]] == [
        ("Python in production", "must"),
        ("Owns on-call", "must"),
        ("PostgreSQL", "nice"),
    ]
    assert data["unassessed"] == ["Mentoring"]
    (missing,) = data["missing"]
    assert missing["person"] == second_interviewer and missing["late_by"] > timedelta(0)
    assert missing["late"] == "2 business days"  # due Wed 11:00, read Fri 11:00
