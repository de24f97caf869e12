"""The pages and partials: what each person sees, what they may do, and the independence
rule on pages and partials alike."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from interviews.feedback import submit_scorecard
from interviews.models import Interview, Scorecard
from outbox.models import OutboundEmail

from .helpers import make_application

pytestmark = pytest.mark.django_db

RATED = [
    {"area": "Python in production", "rating": 4, "note": ""},
    {"area": "Owns on-call", "rating": 3, "note": ""},
    {"area": "PostgreSQL", "rating": 2, "note": ""},
]


def url(name, interview, **extra):
    return reverse(
        name, kwargs={"pk": interview.requisition_id, "interview": interview.pk, **extra}
    )


def app_url(name, application, **extra):
    kwargs = {"pk": application.requisition_id, "application": application.pk, **extra}
    return reverse(name, kwargs=kwargs)


def happened(interview):
    """Move the interview an hour into the past: its scorecards open."""
    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
    )
    interview.refresh_from_db()
    return interview


def submit(interview, author, recommendation="yes"):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=RATED,
        recommendation=recommendation,
        notes=f"Notes by {author.first_name}",
        now=interview.ends_at + timedelta(minutes=1),
    )


def test_the_recruiter_reviews_then_schedules_and_the_invites_go_out(
    client, recruiter, application, interviewer, second_interviewer, starts_at
):
    client.force_login(recruiter)
    page = client.get(app_url("interviews:interview-schedule", application))
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.initial["interviewers"]) == {str(interviewer.pk), str(second_interviewer.pk)}
    data = {
        "stage": "0",
        "date": starts_at.date().isoformat(),
        "time": "10:00",
        "length": "60",
        "location": "Room 4",
        "interviewers": [str(interviewer.pk)],
        "notes": "Ask about incidents",
    }
    review = client.post(app_url("interviews:interview-schedule", application), data)
    assert review.status_code == 200
    assert (
        review.context["reviewing"] and "What we will talk about" in review.context["preview_text"]
    )
    assert not Interview.objects.exists()
    done = client.post(
        app_url("interviews:interview-schedule", application), {**data, "confirm": "True"}
    )
    interview = Interview.objects.get()
    assert done.status_code == 302 and done.url == url("interviews:interview-detail", interview)
    assert OutboundEmail.objects.filter(key__startswith=f"interview-{interview.pk}-").count() == 2


def test_bad_scheduling_input_is_refused_next_to_the_field(client, recruiter, application):
    client.force_login(recruiter)
    response = client.post(
        app_url("interviews:interview-schedule", application),
        {"stage": "9", "date": "x", "time": "", "length": "60", "location": "", "confirm": "True"},
    )
    assert response.status_code == 422
    assert not Interview.objects.exists()


def test_an_interviewer_sees_the_interview_but_never_the_band_or_salary(
    client, interviewer, interview
):
    client.force_login(interviewer)
    page = client.get(url("interviews:interview-detail", interview))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Probe the ledger migration story." in body and "Owns on-call" in body
    assert "60,000" not in body and "80,000" not in body


def test_the_scorecard_autosaves_a_draft_that_survives_a_reload(client, interviewer, interview):
    client.force_login(interviewer)
    happened(interview)
    saved = client.post(
        url("interviews:scorecard-draft", interview),
        {"rating_0": "3", "notes": "So far so good"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "Draft saved" in saved.content.decode()
    page = client.get(url("interviews:scorecard", interview))
    assert page.context["form"].initial["rating_0"] == "3"
    assert "So far so good" in page.content.decode()


def test_an_incomplete_submission_answers_422_and_keeps_the_draft(client, interviewer, interview):
    client.force_login(interviewer)
    happened(interview)
    response = client.post(url("interviews:scorecard", interview), {"rating_0": "3"})
    assert response.status_code == 422
    assert "Rate this focus area." in response.content.decode()
    assert not Scorecard.objects.submitted().exists()


def test_others_scorecards_appear_to_an_interviewer_only_after_theirs_page_and_partial(
    client, interviewer, second_interviewer, interview
):
    submit(interview, second_interviewer, recommendation="strong_no")
    client.force_login(interviewer)
    page = client.get(url("interviews:scorecard", interview))
    assert "Notes by Bea" not in page.content.decode()
    assert (
        client.get(
            url("interviews:scorecard-others", interview), HTTP_HX_REQUEST="true"
        ).status_code
        == 403
    )
    application = interview.application
    assert client.get(app_url("interviews:debrief", application)).status_code == 403

    submit(interview, interviewer)
    page = client.get(url("interviews:scorecard", interview))
    assert "Notes by Bea" in page.content.decode()
    partial = client.get(url("interviews:scorecard-others", interview), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "Notes by Bea" in partial.content.decode()
    assert "Notes by Aiko" not in partial.content.decode()
    assert client.get(app_url("interviews:debrief", application)).status_code == 200


def test_the_hiring_manager_sees_every_scorecard_without_writing_one(
    client, hiring_manager, second_interviewer, interview
):
    submit(interview, second_interviewer)
    client.force_login(hiring_manager)
    page = client.get(app_url("interviews:debrief", interview.application))
    assert page.status_code == 200 and "Notes by Bea" in page.content.decode()
    assert client.get(url("interviews:scorecard-others", interview)).status_code == 200


def test_an_interviewer_gets_404_for_candidates_they_do_not_interview(
    client, interviewer, interview, requisition, recruiter
):
    other = make_application(requisition, recruiter, name="Omar Reyes")
    client.force_login(interviewer)
    assert client.get(app_url("interviews:debrief", other)).status_code == 404
    assert client.get(app_url("interviews:offer", other)).status_code == 404
    assert client.get(app_url("interviews:interview-schedule", other)).status_code == 404
    assert client.get(app_url("interviews:message", other, kind="rejection")).status_code == 404


def test_an_interviewer_gets_404_for_an_interview_they_are_not_on(
    client, second_interviewer, interview, recruiter, hiring_manager, starts_at
):
    from interviews.scheduling import schedule_interview

    later = schedule_interview(
        application=interview.application,
        stage_index=1,
        starts_at=starts_at + timedelta(days=1),
        ends_at=starts_at + timedelta(days=1, hours=1),
        location="Room 1",
        notes="",
        interviewers=[hiring_manager],
        scheduled_by=recruiter,
    )
    client.force_login(second_interviewer)
    for name in (
        "interviews:interview-detail",
        "interviews:scorecard",
        "interviews:scorecard-others",
    ):
        assert client.get(url(name, later)).status_code == 404
    listing = client.get(reverse("interviews:interview-list", kwargs={"pk": later.requisition_id}))
    assert listing.status_code == 200
    assert list(listing.context["interviews"]) == [interview]


@pytest.mark.parametrize("count", [1, 6])
def test_the_interview_list_reads_in_a_constant_number_of_queries(
    count, client, recruiter, application, interviewer, starts_at, django_assert_max_num_queries
):
    from interviews.scheduling import schedule_interview

    for i in range(count):
        schedule_interview(
            application=application,
            stage_index=0,
            starts_at=starts_at + timedelta(days=i),
            ends_at=starts_at + timedelta(days=i, hours=1),
            location="Room",
            notes="",
            interviewers=[interviewer],
            scheduled_by=recruiter,
        )
    client.force_login(recruiter)
    url = reverse("interviews:interview-list", kwargs={"pk": application.requisition_id})
    client.get(url)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert len(response.context["interviews"]) == count


def test_moving_an_interview_starts_from_its_current_date_and_time(client, recruiter, interview):
    client.force_login(recruiter)
    page = client.get(url("interviews:interview-edit", interview)).content.decode()
    local = interview.starts_at.astimezone(ZoneInfo("Europe/London"))
    assert f'value="{local:%Y-%m-%d}"' in page and 'value="10:00"' in page


def test_moving_and_cancelling_from_the_pages_send_the_update_and_the_cancellation(
    client, recruiter, interview, interviewer, second_interviewer, starts_at
):
    client.force_login(recruiter)
    data = {
        "date": (starts_at + timedelta(days=1)).date().isoformat(),
        "time": "11:30",
        "length": "60",
        "location": "Room 9",
        "interviewers": [str(interviewer.pk), str(second_interviewer.pk)],
        "notes": "",
    }
    review = client.post(url("interviews:interview-edit", interview), data)
    assert review.status_code == 200 and review.context["reviewing"]
    moved = client.post(url("interviews:interview-edit", interview), {**data, "confirm": "True"})
    assert moved.status_code == 302
    interview.refresh_from_db()
    assert interview.sequence == 1 and interview.location == "Room 9"
    assert OutboundEmail.objects.filter(key__contains="-seq1-request-").count() == 3
    refused = client.post(url("interviews:interview-cancel", interview), {"reason": ""})
    assert refused.status_code == 422
    done = client.post(url("interviews:interview-cancel", interview), {"reason": "Role paused"})
    assert done.status_code == 302
    interview.refresh_from_db()
    assert interview.is_cancelled and interview.sequence == 2


def test_the_hiring_manager_advances_a_candidate_from_the_debrief(
    client, hiring_manager, interview, interviewer, second_interviewer
):
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    application = interview.application
    client.force_login(hiring_manager)
    page = client.get(app_url("interviews:debrief", application))
    assert ("advance", "Advance to the next stage") in page.context["form"].fields[
        "outcome"
    ].choices
    response = client.post(
        app_url("interviews:debrief-decide", application), {"outcome": "advance"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage_key == "interview:1"
    refused = client.post(app_url("interviews:debrief-decide", application), {"outcome": "reject"})
    assert refused.status_code == 422  # no reason given


def test_an_interviewer_of_one_search_gets_404_for_everything_of_another(
    client, interviewer, interview, recruiter, hiring_manager, hr_generalist
):
    from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

    from .helpers import matrix_objects

    other = RequisitionFactory(created_by=recruiter, state="open")
    panel = UserFactory(username="zed", role="interviewer")
    for person, role in (
        (recruiter, TeamRole.RECRUITER),
        (hr_generalist, TeamRole.HR_GENERALIST),
        (hiring_manager, TeamRole.HIRING_MANAGER),
        (panel, TeamRole.INTERVIEWER),
    ):
        put_on_team(other, person, role)
    ids = matrix_objects(
        other,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        interviewer=panel,
    )
    client.force_login(interviewer)
    for name in (
        "interviews:interview-detail",
        "interviews:interview-edit",
        "interviews:interview-thanks",
        "interviews:scorecard",
        "interviews:scorecard-others",
    ):
        assert client.get(reverse(name, kwargs=ids["interview"])).status_code == 404, name
    assert (
        client.post(reverse("interviews:scorecard-draft", kwargs=ids["interview"])).status_code
        == 404
    )
    for name in (
        "interviews:debrief",
        "interviews:offer",
        "interviews:interview-schedule",
        "pipeline:application-detail",
    ):
        assert client.get(reverse(name, kwargs=ids["application"])).status_code == 404, name
    assert client.get(reverse("interviews:message", kwargs=ids["rejection"])).status_code == 404
    mixed = {**ids["interview"], "pk": interview.requisition_id}  # B's interview under A
    assert client.get(reverse("interviews:scorecard", kwargs=mixed)).status_code == 404


def test_rejection_after_the_debrief_names_what_the_brief_says_they_lack(
    client, hiring_manager, interview, interviewer, second_interviewer
):
    """Issue 21: the debrief's decision asks the hiring manager's reason against the brief."""
    from pipeline.models import DispositionReason, StageChange

    submit(interview, interviewer)
    submit(interview, second_interviewer)
    application = interview.application
    client.force_login(hiring_manager)
    page = client.get(app_url("interviews:debrief", application)).content.decode()
    assert "Something the brief does not name" in page
    reason = DispositionReason.objects.filter(side="ours", is_active=True).first()
    url = app_url("interviews:debrief-decide", application)
    refused = client.post(url, {"outcome": "reject", "disposition_reason": reason.pk})
    assert refused.status_code == 422
    assert refused.context["form"].errors["against_brief"]
    no_text = client.post(
        url, {"outcome": "reject", "disposition_reason": reason.pk, "against_brief": "unnamed"}
    )
    assert no_text.status_code == 422
    assert no_text.context["form"].errors["against_brief_text"]
    done = client.post(
        url,
        {
            "outcome": "reject",
            "disposition_reason": reason.pk,
            "against_brief": "unnamed",
            "against_brief_text": "Wants to manage people",
        },
    )
    assert done.status_code == 302
    stored = StageChange.objects.get(application=application, to_stage="rejected")
    assert stored.against_brief["text"] == "Wants to manage people"
