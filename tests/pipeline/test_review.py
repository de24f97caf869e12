"""Submission, the hiring manager's review and the commitments they open and meet."""

import pytest
from django.urls import reverse

from commitments.models import Commitment, Notification
from commitments.service_terms import CommitmentKind
from hiring.models import Activity
from pipeline.models import Application, Stage
from pipeline.submissions import submit_applications
from tests.pipeline.helpers import reason, screened, submitted

pytestmark = pytest.mark.django_db

REVIEW = CommitmentKind.REVIEW_CANDIDATE


def _decide(client, application, **data):
    url = reverse(
        "pipeline:review-decide",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )
    return client.post(url, data)


def test_a_batch_submission_opens_one_review_each_and_tells_the_manager_once(
    active, requisition, recruiter, hiring_manager
):
    batch = [screened(requisition, recruiter, name=n) for n in ("Ann Ames", "Bo Berg", "Cy Cole")]
    submit_applications(applications=batch, by=recruiter)
    reviews = Commitment.objects.filter(kind=REVIEW, owner=hiring_manager, state="open")
    assert reviews.count() == 3
    told = Notification.objects.filter(recipient=hiring_manager, key__startswith="submitted:")
    assert told.count() == 1
    assert "3 candidates were submitted" in told.get().text
    assert not Notification.objects.filter(recipient=recruiter, key__startswith="submitted:")
    from outbox.models import OutboundEmail

    emails = OutboundEmail.objects.filter(key__startswith="notice:submitted:")
    assert [e.to for e in emails] == [[hiring_manager.email]], "one email for the batch"
    assert Activity.objects.filter(kind="candidates_submitted").count() == 1


def test_a_batch_with_one_unscreened_candidate_submits_nobody(active, requisition, recruiter):
    from django.core.exceptions import ValidationError

    from tests.pipeline.helpers import add, screen

    ready = screened(requisition, recruiter, name="Ann Ames")
    draft = add(requisition, recruiter, name="Bo Berg")
    screen(draft, recruiter, complete=False)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="Bo Berg: Complete the screening form"):
        submit_applications(applications=[ready, draft], by=recruiter)
    assert not Application.objects.filter(stage=Stage.SUBMITTED).exists()
    assert not Commitment.objects.filter(kind=REVIEW).exists()


def test_the_first_shortlist_is_met_at_the_agreed_size_and_not_before(
    active, requisition, recruiter
):
    shortlist = Commitment.objects.get(kind=CommitmentKind.PRESENT_SHORTLIST)
    assert shortlist.url == f"/requisitions/{requisition.pk}/shortlist/"
    first = submitted(requisition, recruiter, name="Ann Ames")
    submitted(requisition, recruiter, name="Bo Berg")
    shortlist.refresh_from_db()
    assert shortlist.state == "open", "two of three"
    # A candidate closed, reopened and submitted again still counts once (sending back a
    # candidate awaiting the manager's review is refused: issue 25, finding 1).
    from pipeline.stages import move_application
    from tests.pipeline.helpers import reason

    move_application(
        application=first, to_stage="withdrawn", by=recruiter, reason=reason("no_response")
    )
    move_application(application=first, to_stage="screening", by=recruiter)
    move_application(application=first, to_stage="submitted", by=recruiter)
    shortlist.refresh_from_db()
    assert shortlist.state == "open"
    submitted(requisition, recruiter, name="Cy Cole")
    shortlist.refresh_from_db()
    assert shortlist.state == "met"
    assert Activity.objects.filter(kind="shortlist_presented").count() == 1


def test_the_shortlist_page_shows_progress(client, active, requisition, recruiter):
    submitted(requisition, recruiter, name="Ann Ames")
    screened(requisition, recruiter, name="Bo Berg")
    client.force_login(recruiter)
    response = client.get(reverse("pipeline:shortlist", kwargs={"pk": requisition.pk}))
    assert response.context["submitted_count"] == 1 and response.context["size"] == 3
    assert b"<strong>1</strong> of 3 submitted" in response.content
    assert [a.candidate.name for a in response.context["ready"]] == ["Bo Berg"]


def test_the_shortlist_page_says_its_deadline_is_paused_while_the_search_is_on_hold(
    client, active, requisition, recruiter, hiring_manager
):
    """Issue 25, finding 11: it said "open, due …" while the home said paused."""
    from hiring.lifecycle import move_requisition

    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="Budget"
    )
    client.force_login(recruiter)
    body = client.get(reverse("pipeline:shortlist", kwargs={"pk": requisition.pk})).content
    assert b"open, paused while the search is on hold" in body and b"due " not in body


def test_advancing_meets_the_review_and_moves_to_the_first_interview_stage(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    client.force_login(hiring_manager)
    response = _decide(client, application, action="advance")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage_key == "interview:0"
    assert application.interview_stage_name == "Technical interview"
    review = Commitment.objects.get(kind=REVIEW)
    assert review.state == "met" and review.met_at is not None


def test_rejecting_needs_a_reason_then_meets_the_review(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    client.force_login(hiring_manager)
    response = _decide(client, application, action="reject")
    assert response.status_code == 422
    assert "Give a reason" in response.context["form"].errors["reason"][0]
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED
    response = _decide(
        client, application, action="reject", reason=reason("skills_gap").pk, against_brief="must:0"
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert Commitment.objects.get(kind=REVIEW).state == "met"
    entry = Activity.objects.filter(kind="candidate_rejected").get()
    assert "Skills gap on a must-have" in entry.summary


def test_asking_opens_the_recruiters_answer_and_the_answer_returns_the_candidate(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    client.force_login(hiring_manager)
    response = _decide(client, application, action="ask", question="Notice period?")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.question_open
    assert Commitment.objects.get(kind=REVIEW).state == "met", "asking is a decision in time"
    answer = Commitment.objects.get(kind=CommitmentKind.ANSWER_QUESTION)
    assert answer.owner == recruiter and answer.state == "open"
    assert answer.url == f"/requisitions/{requisition.pk}/candidates/{application.pk}/"
    assert Notification.objects.filter(recipient=recruiter, key__startswith="question:").exists()
    queue = client.get(reverse("pipeline:review", kwargs={"pk": requisition.pk}))
    assert queue.status_code == 200 and queue.context["application"] is None, "out of the queue"

    client.force_login(recruiter)
    question = application.questions.get()
    url = reverse(
        "pipeline:question-answer",
        kwargs={"pk": requisition.pk, "application": application.pk, "question": question.pk},
    )
    assert client.post(url, {"answer": ""}).status_code == 422
    assert client.post(url, {"answer": "One month."}).status_code == 302
    answer.refresh_from_db()
    assert answer.state == "met"
    application.refresh_from_db()
    assert not application.question_open
    reviews = Commitment.objects.filter(kind=REVIEW).order_by("pk")
    assert [r.state for r in reviews] == ["met", "open"], "a fresh review for the manager"
    assert Notification.objects.filter(recipient=hiring_manager, key__startswith="answer:")
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert {"candidate_question", "candidate_answer"} <= kinds


def test_the_review_page_takes_the_queue_in_order_with_a_next_link(
    client, active, requisition, recruiter, hiring_manager
):
    first = submitted(requisition, recruiter, name="Ann Ames")
    second = submitted(requisition, recruiter, name="Bo Berg")
    client.force_login(hiring_manager)
    response = client.get(reverse("pipeline:review", kwargs={"pk": requisition.pk}))
    assert response["Location"].endswith(f"/review/{first.pk}/")
    page = client.get(response["Location"])
    assert page.context["position"] == 1 and page.context["queue_size"] == 2
    assert page.context["next_pk"] == second.pk
    body = page.content.decode()
    assert "Python in production" in body and "Five years of Django" in body
    assert "?inline=1" not in body, "no résumé, no frame"
    assert 'aria-keyshortcuts="a"' in body and "js/review.js" in body


def test_the_review_page_shows_a_pdf_resume_inline(
    client, active, requisition, recruiter, hiring_manager
):
    from tests.pipeline.helpers import pdf_upload

    application = submitted(requisition, recruiter, resume=pdf_upload())
    client.force_login(hiring_manager)
    url = reverse(
        "pipeline:review-application", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    body = client.get(url).content.decode()
    frame = f"/requisitions/{requisition.pk}/candidates/{application.pk}/resume/?inline=1"
    assert f'src="{frame}#navpanes=0&amp;view=FitH"' in body


def test_a_decision_on_a_candidate_already_decided_is_refused(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    client.force_login(hiring_manager)
    _decide(client, application, action="advance")
    response = _decide(client, application, action="reject", reason=reason("skills_gap").pk)
    assert response.status_code == 422
    application.refresh_from_db()
    assert application.stage == "interview"


def test_a_wrong_knockout_answer_proposes_rejection_with_that_reason(
    client, active, requisition, recruiter
):
    from tests.pipeline.helpers import add, screen

    application = add(requisition, recruiter)
    screen(application, recruiter, {"ko_0": "No"})
    client.force_login(recruiter)
    kwargs = {"pk": requisition.pk, "application": application.pk}
    response = client.get(reverse("pipeline:screening", kwargs=kwargs))
    assert response.context["failed_knockouts"]
    assert not response.context["can_submit"]
    knockout = reason("knockout_answer")
    assert f'name="reason" value="{knockout.pk}"' in response.content.decode()
    assert "Reject: Knock-out answer" in response.content.decode()


HX = {"HTTP_HX_REQUEST": "true"}


def test_reading_ahead_gives_the_next_candidates_as_they_will_be_once_those_before_are_decided(
    client, active, requisition, recruiter, hiring_manager
):
    ann, bo, cy, di = (
        submitted(requisition, recruiter, name=name)
        for name in ("Ann Ames", "Bo Berg", "Cy Cole", "Di Dorn")
    )
    client.force_login(hiring_manager)
    url = reverse("pipeline:review", kwargs={"pk": requisition.pk})

    response = client.get(url, {"after": [ann.pk], "ahead": "2"}, **HX)
    body = response.content.decode()
    assert response.status_code == 200 and response["Vary"].startswith("HX-Request")
    assert "<html" not in body, "fragments, not a page"
    assert body.count('class="review__card"') == 2
    assert body.index("Bo Berg") < body.index("Cy Cole") and "Ann Ames" not in body
    assert body.count("1 of 3 waiting") == 1 and body.count("1 of 2 waiting") == 1

    # Three at most; what is left after the last one is the end of the queue.
    assert (
        client.get(url, {"after": [ann.pk], "ahead": "9"}, **HX)
        .content.decode()
        .count('class="review__card"')
        == 1
    )
    everyone = {"after": [a.pk for a in (ann, bo, cy, di)], "ahead": "3"}
    assert "Nothing waiting for your review" in client.get(url, everyone, **HX).content.decode()
    # A page visit is still sent to the queue's first, whatever it asks.
    assert client.get(url, {"after": [ann.pk]})["Location"].endswith(f"/review/{bo.pk}/")


def test_a_decision_in_the_background_answers_with_what_was_done_and_a_refusal_with_the_page(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter, name="Ann Ames")
    client.force_login(hiring_manager)
    url = reverse(
        "pipeline:review-decide", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    refused = client.post(url, {"action": "reject"}, **HX)
    assert refused.status_code == 422
    assert "Give a reason: nobody is rejected without one." in refused.content.decode()
    assert 'class="review__card"' in refused.content.decode()

    done = client.post(
        url,
        {"action": "reject", "reason": reason("skills_gap").pk, "against_brief": "must:0"},
        **HX,
    )
    assert done.status_code == 200
    assert done.content.decode().strip() == (
        '<span class="review-status__done">✓ Ann Ames is rejected (Skills gap on a must-have).'
        "</span>"
    )
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert not list(done.wsgi_request._messages), "no flash left for a later page"


def test_the_reasons_are_numbered_radios_and_no_required_field_says_optional(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    client.force_login(hiring_manager)
    url = reverse(
        "pipeline:review-application", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    body = client.get(url).content.decode()
    reject = body[body.index('id="decide-reject"') : body.index('id="decide-ask"')]
    assert reject.count('type="radio" name="reason"') >= 5
    assert '<kbd aria-hidden="true">2</kbd> Skills gap on a must-have' in reject
    legend = reject[reject.index("<legend>") : reject.index("</legend>")]
    assert "optional" not in legend
    ask = body[body.index('id="decide-ask"') :]
    assert "optional" not in ask[: ask.index("</label>")]
