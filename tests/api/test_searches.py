"""A search's agreement in force, interviews, scorecards (with the panel's independence)
and check-ins through the API: the rule of each page, no other."""

from datetime import timedelta

import pytest

from interviews.feedback import submit_scorecard
from interviews.models import Interview
from tests.api.helpers import bearer
from tests.interviews.helpers import matrix_objects

RATED = [
    {"area": "Python in production", "rating": 4, "note": "Strong"},
    {"area": "Owns on-call", "rating": 3, "note": ""},
    {"area": "PostgreSQL", "rating": 3, "note": ""},
]


@pytest.fixture
def jane(requisition, recruiter, hiring_manager, hr_generalist, interviewer):
    matrix_objects(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        interviewer=interviewer,
        manager_on_panel=True,
    )
    return Interview.objects.get(requisition=requisition)


def _submit(interview, author):
    submit_scorecard(
        interview=interview,
        author=author,
        ratings=RATED,
        recommendation="yes",
        notes="Hire",
        now=interview.ends_at + timedelta(minutes=1),
    )


@pytest.mark.django_db
def test_finding_scorecards_of_others_are_held_until_ones_own_is_in(
    client, requisition, jane, interviewer, hiring_manager, recruiter
):
    """interviews.feedback.may_see_others, through the API as on every page."""
    url = f"/api/v1/requisitions/{requisition.pk}/applications/{jane.application_id}/scorecards/"
    _submit(jane, interviewer)
    held = client.get(url, **bearer(hiring_manager)).json()
    assert held == {"mine": [], "others": [], "others_held": True}
    # The recruiter sits on no panel: every submitted scorecard.
    seen = client.get(url, **bearer(recruiter)).json()
    assert [c["author"]["id"] for c in seen["others"]] == [interviewer.pk]
    _submit(jane, hiring_manager)
    opened = client.get(url, **bearer(hiring_manager)).json()
    assert opened["others_held"] is False
    assert [c["author"]["id"] for c in opened["others"]] == [interviewer.pk]
    assert opened["mine"][0]["ratings"][0] == RATED[0]


@pytest.mark.django_db
def test_interviews_are_the_ones_the_reader_may_see(client, requisition, jane, interviewer):
    url = f"/api/v1/requisitions/{requisition.pk}/interviews/"
    [row] = client.get(url, **bearer(interviewer)).json()["items"]
    assert row["id"] == jane.pk and row["candidate_name"] == "Jane Doe"
    assert {p["id"] for p in row["interviewers"]} >= {interviewer.pk}


@pytest.mark.django_db
def test_the_agreement_in_force_in_the_sections_the_reader_may_read(
    client, requisition, jane, interviewer, recruiter
):
    url = f"/api/v1/requisitions/{requisition.pk}/agreement/"
    full = client.get(url, **bearer(recruiter)).json()
    assert full["version"] == 1
    assert {"role_profile", "interview_plan"} <= {s["part"] for s in full["sections"]}
    only_plan = client.get(url, **bearer(interviewer)).json()
    assert [s["part"] for s in only_plan["sections"]] == ["interview_plan"]


@pytest.mark.django_db
def test_no_agreement_in_force_is_a_404_with_a_message(client, requisition, recruiter):
    response = client.get(f"/api/v1/requisitions/{requisition.pk}/agreement/", **bearer(recruiter))
    assert response.status_code == 404 and response.json()["detail"]


@pytest.mark.django_db
def test_checkins_are_for_the_leads_of_the_search(client, requisition, recruiter, interviewer):
    url = f"/api/v1/requisitions/{requisition.pk}/checkins/"
    assert client.get(url, **bearer(recruiter)).json()["items"] == []
    assert client.get(url, **bearer(interviewer)).status_code == 403
