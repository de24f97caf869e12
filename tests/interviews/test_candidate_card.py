"""The candidate's page leads to their interviews: the team sees them all with the way to
schedule, debrief and offer; an interviewer sees only the interviews they are on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, person, application):
    client.force_login(person)
    url = reverse(
        "pipeline:application-detail",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )
    return client.get(url).content.decode()


def test_the_recruiter_sees_the_interviews_and_the_way_on(client, recruiter, interview):
    html = page(client, recruiter, interview.application)
    assert "Schedule an interview" in html
    assert (
        reverse(
            "interviews:interview-detail",
            kwargs={"pk": interview.requisition_id, "interview": interview.pk},
        )
        in html
    )
    assert "Debrief" in html


def test_an_interviewer_sees_their_interview_but_not_the_teams_actions(
    client, interviewer, interview
):
    html = page(client, interviewer, interview.application)
    assert interview.stage_name in html
    assert "Schedule an interview" not in html and "Debrief" not in html
