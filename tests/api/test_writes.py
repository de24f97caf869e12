"""Writes through the API that go through the pages' forms and domain functions: scheduling
an interview, submitting a scorecard (the panel's independence holding), signing an
agreement, and a reminder's one-step actions — the pages' rights, refusals and messages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import AccessToken
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from intake.models import Agreement
from interviews.models import Interview, Scorecard
from pipeline.models import Stage
from tests.api.helpers import bearer, sent_for_signature
from tests.api.test_searches import RATED, _submit, jane  # noqa: F401 — a fixture
from tests.pipeline.helpers import activate_agreement, submitted

pytestmark = pytest.mark.django_db


def _post(client, url, body, who, **headers):
    return client.post(url, body, content_type="application/json", **bearer(who), **headers)


def _weekday_in(days: int) -> str:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


# --- scheduling -----------------------------------------------------------------------------
def test_scheduling_an_interview_through_the_form_and_schedule_interview(
    client,
    requisition,
    jane,  # noqa: F811
    recruiter,
    interviewer,
):
    url = f"/api/v1/requisitions/{requisition.pk}/applications/{jane.application_id}/interviews/"
    body = {
        "stage": 1,
        "date": _weekday_in(8),
        "time": "10:00",
        "length": 45,
        "location": "Room 4",
        "interviewers": [interviewer.pk],
    }
    response = _post(client, url, body, recruiter)
    assert response.status_code == 201, response.content
    made = response.json()
    interview = Interview.objects.get(pk=made["id"])
    assert interview.stage_name == "Team and values" and interview.location == "Room 4"
    assert (interview.ends_at - interview.starts_at) == timedelta(minutes=45)
    assert made["focus_areas"] == ["Mentoring"] and isinstance(made["warnings"], list)
    assert [p["id"] for p in made["interviewers"]] == [interviewer.pk]
    # The interviewer sees it among theirs.
    listed = client.get(f"/api/v1/requisitions/{requisition.pk}/interviews/", **bearer(interviewer))
    assert made["id"] in {row["id"] for row in listed.json()["items"]}


def test_scheduling_refusals_carry_the_pages_messages_and_change_nothing(
    client,
    requisition,
    jane,  # noqa: F811
    recruiter,
    interviewer,
    outsider,
):
    url = f"/api/v1/requisitions/{requisition.pk}/applications/{jane.application_id}/interviews/"
    before = Interview.objects.count()
    good = {
        "stage": 0,
        "date": _weekday_in(8),
        "time": "10:00",
        "location": "Room 4",
        "interviewers": [interviewer.pk],
    }
    refused = _post(client, url, good, interviewer)
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only the recruiter, HR or the hiring manager schedule interviews."
    )
    assert _post(client, url, good, outsider).status_code == 404
    wrong = _post(client, url, {**good, "interviewers": [outsider.pk], "stage": 7}, recruiter)
    assert wrong.status_code == 422
    errors = wrong.json()["errors"]
    assert set(errors) == {"interviewers", "stage"}
    assert "not one of the available choices" in errors["interviewers"][0]
    too_long = _post(client, url, {**good, "length": 600}, recruiter)
    assert "length" in too_long.json()["errors"]
    read_only = client.post(
        url,
        good,
        content_type="application/json",
        **bearer(recruiter, scope=AccessToken.Scope.READ),
    )
    assert read_only.status_code == 403
    assert Interview.objects.count() == before


def test_scheduling_before_an_agreement_is_in_force_says_so(
    client, requisition, recruiter, hiring_manager
):
    from tests.pipeline.helpers import add

    application = add(requisition, recruiter)
    url = f"/api/v1/requisitions/{requisition.pk}/applications/{application.pk}/interviews/"
    body = {
        "stage": 0,
        "date": _weekday_in(8),
        "time": "10:00",
        "location": "Room 4",
        "interviewers": [hiring_manager.pk],
    }
    response = _post(client, url, body, recruiter)
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Agree an interview plan first: there is no active agreement."
    ]


# --- scorecards -----------------------------------------------------------------------------
def test_a_scorecard_submitted_through_the_api_keeps_the_panel_independent(
    client,
    requisition,
    jane,  # noqa: F811
    interviewer,
    hiring_manager,
    recruiter,
):
    """The hiring manager sits on the panel: the interviewer's scorecard stays hidden from
    them until their own is in, and submitting theirs meets their feedback commitment."""
    _submit(jane, interviewer)
    cards = f"/api/v1/requisitions/{requisition.pk}/applications/{jane.application_id}/scorecards/"
    submit = f"/api/v1/requisitions/{requisition.pk}/interviews/{jane.pk}/scorecard/"
    assert client.get(cards, **bearer(hiring_manager)).json()["others_held"] is True
    half = _post(client, submit, {"ratings": RATED[:1], "recommendation": "yes"}, hiring_manager)
    assert half.status_code == 422
    assert half.json()["errors"] == {
        "ratings.1.rating": ["Rate this focus area."],
        "ratings.2.rating": ["Rate this focus area."],
    }
    assert client.get(cards, **bearer(hiring_manager)).json()["others_held"] is True
    odd = _post(client, submit, {"ratings": [{"area": "Juggling", "rating": 4}]}, hiring_manager)
    assert odd.json()["errors"] == {
        "ratings": ["“Juggling” is not a focus area of this interview."]
    }
    not_panel = _post(client, submit, {"ratings": RATED, "recommendation": "yes"}, recruiter)
    assert not_panel.status_code == 403
    assert not_panel.json()["detail"] == "Only the interview's panel writes its scorecards."
    done = _post(
        client,
        submit,
        {"ratings": RATED, "recommendation": "strong_yes", "notes": "Calm under pressure"},
        hiring_manager,
    )
    assert done.status_code == 200, done.content
    card = done.json()
    assert card["state"] == "submitted" and card["recommendation"] == "strong_yes"
    assert card["author"]["id"] == hiring_manager.pk and card["ratings"][0] == RATED[0]
    assert not Commitment.objects.filter(
        kind=CommitmentKind.INTERVIEW_FEEDBACK, owner=hiring_manager, state="open"
    ).exists()
    opened = client.get(cards, **bearer(hiring_manager)).json()
    assert opened["others_held"] is False
    assert [c["author"]["id"] for c in opened["others"]] == [interviewer.pk]


def test_a_scorecard_before_the_interview_starts_is_refused(
    client,
    requisition,
    jane,  # noqa: F811
    interviewer,
):
    Interview.objects.filter(pk=jane.pk).update(
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
    )
    url = f"/api/v1/requisitions/{requisition.pk}/interviews/{jane.pk}/scorecard/"
    response = _post(client, url, {"ratings": RATED, "recommendation": "yes"}, interviewer)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "__all__": ["The scorecard opens when the interview starts."]
    }
    assert not Scorecard.objects.filter(interview=jane).exists()


# --- signing --------------------------------------------------------------------------------
def test_signing_an_agreement_in_the_pages_order(
    client, requisition, recruiter, hiring_manager, hr_generalist, interviewer
):
    sent_for_signature(requisition, recruiter=recruiter)
    url = f"/api/v1/requisitions/{requisition.pk}/agreement/versions/1/sign/"
    first = client.post(url, **bearer(recruiter))
    assert first.status_code == 200, first.content
    assert first.json()["state"] == "awaiting_signatures"
    assert [s["party"] for s in first.json()["signatures"]] == ["recruiter"]
    early = client.post(url, **bearer(hr_generalist))
    assert early.status_code == 422
    assert early.json()["errors"]["__all__"] == [
        "The HR generalist countersigns after the recruiter and the hiring manager."
    ]
    again = client.post(url, **bearer(recruiter))
    assert again.json()["errors"]["__all__"] == ["You have already signed version 1."]
    refused = client.post(url, **bearer(interviewer))
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Only the recruiter, the hiring manager and")
    assert client.post(url, **bearer(hiring_manager)).status_code == 200
    last = client.post(url, **bearer(hr_generalist))
    assert last.json()["state"] == "active" and last.json()["activated_at"]
    assert Agreement.objects.get(requisition=requisition, version=1).state == "active"
    missing = f"/api/v1/requisitions/{requisition.pk}/agreement/versions/9/sign/"
    assert client.post(missing, **bearer(recruiter)).status_code == 404


# --- a reminder's one-step actions ----------------------------------------------------------
@pytest.fixture
def to_review(requisition, recruiter, hiring_manager, hr_generalist):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    application = submitted(requisition, recruiter)
    review = Commitment.objects.get(
        kind=CommitmentKind.REVIEW_CANDIDATE, subject_id=application.pk, state="open"
    )
    return application, review


def test_the_actions_of_a_review_say_who_may_do_what_now(
    client, to_review, hiring_manager, recruiter
):
    _application, review = to_review
    url = f"/api/v1/commitments/{review.pk}/actions/"
    mine = {a["name"]: a for a in client.get(url, **bearer(hiring_manager)).json()}
    assert {"advance", "reject", "ask", "waive", "remind_again"} <= set(mine)
    assert "mark_done" not in mine  # an action item's, not a review's
    assert mine["advance"]["problem"] is None and mine["advance"]["audience"] == "owner"
    assert "reason" in mine["reject"]["asks"]
    assert mine["waive"]["problem"] == "Only HR or the other side can do this."
    theirs = {a["name"]: a for a in client.get(url, **bearer(recruiter)).json()}
    assert theirs["advance"]["problem"] == "Only the hiring manager reviews submitted candidates."


def test_the_hiring_manager_advances_from_the_api_and_meets_the_review(
    client, to_review, hiring_manager, recruiter
):
    application, review = to_review
    url = f"/api/v1/commitments/{review.pk}/act/advance/"
    refused = _post(client, url, {}, recruiter)
    assert refused.status_code == 422
    assert refused.json()["errors"]["__all__"] == [
        "Only the hiring manager reviews submitted candidates."
    ]
    response = _post(client, url, {}, hiring_manager)
    assert response.status_code == 200, response.content
    assert response.json()["done"].startswith("Jane Doe moves on to")
    assert response.json()["commitment"]["state"] == "met"
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    closed = _post(client, url, {}, hiring_manager)
    assert closed.status_code == 422
    assert "is no longer open: nothing left to do." in closed.json()["errors"]["__all__"][0]


def test_an_actions_form_refuses_with_its_messages_and_an_unknown_action_is_404(
    client, to_review, hiring_manager
):
    application, review = to_review
    reject = _post(client, f"/api/v1/commitments/{review.pk}/act/reject/", {}, hiring_manager)
    assert reject.status_code == 422
    assert reject.json()["errors"]["reason"] == ["Give a reason: nobody is rejected without one."]
    wrong_kind = _post(
        client, f"/api/v1/commitments/{review.pk}/act/mark_done/", {"note": "x"}, hiring_manager
    )
    assert wrong_kind.status_code == 422
    nothing = _post(client, f"/api/v1/commitments/{review.pk}/act/fly/", {}, hiring_manager)
    assert nothing.status_code == 404
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED
