"""Issue 25, finding 1: every move of a candidate goes through the gates and the decision
rights of the agreement's matrix, whatever page asked — and the Move form offers only what
the viewer may do now."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from commitments.models import Commitment, Notification
from commitments.service_terms import CommitmentKind
from hiring.models import Requisition
from intake.drafting import cycle_matrix_cell
from intake.signatures import send_for_signature, sign_agreement
from pipeline.models import Application, Stage
from pipeline.review import ask_recruiter
from pipeline.stages import MoveRefused, move_application
from tests.pipeline.helpers import reason, screen, screened, submitted

pytestmark = pytest.mark.django_db


def _move_url(application):
    return reverse(
        "pipeline:application-move",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )


def _page(application):
    return reverse(
        "pipeline:application-detail",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )


def _post_move(client, application, to_stage, **extra):
    return client.post(
        _move_url(application), {"to_stage": to_stage, "back": "application", **extra}
    )


def test_finding_1_a_failed_knock_out_answer_cannot_be_submitted_from_the_move_form(
    client, active, requisition, recruiter
):
    application = screened(requisition, recruiter)
    screen(application, recruiter, answers={"ko_0": "No"})
    client.force_login(recruiter)
    page = client.get(_page(application))
    assert ("submitted", "Submitted") not in page.context["targets"]
    assert "knock-out" in page.context["next_refused"][1]

    response = _post_move(client, application, "submitted")
    assert response.status_code == 422
    assert b'id="move-to-error"' in response.content
    assert "Right to work in the UK?" in response.context["move_error"]
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING and application.submitted_at is None
    # The way out the refusal names is open.
    move_application(
        application=application,
        to_stage="rejected",
        by=recruiter,
        reason=reason("knockout_answer"),
    )


def test_finding_1_the_recruiter_cannot_send_back_a_candidate_awaiting_the_managers_review(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE)
    client.force_login(recruiter)
    page = client.get(_page(application))
    assert page.context["targets"] == []
    assert page.context["close_as"] == [Stage.WITHDRAWN], "the candidate's own decision only"

    response = _post_move(client, application, "screening")
    assert response.status_code == 422
    assert "waiting for Daniel" in response.context["move_error"]
    application.refresh_from_db()
    review.refresh_from_db()
    assert application.stage == Stage.SUBMITTED
    assert review.state == Commitment.State.OPEN, "the manager's review is not withdrawn"
    with pytest.raises(MoveRefused, match="review of a submitted candidate"):
        move_application(
            application=application, to_stage="rejected", by=recruiter, reason=reason("skills_gap")
        )
    # The manager's own decision meets it.
    move_application(application=application, to_stage="interview:0", by=hiring_manager)
    review.refresh_from_db()
    assert review.state == Commitment.State.MET


def test_finding_1_a_candidates_withdrawal_ends_the_review_openly_and_tells_the_manager(
    active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    move_application(
        application=application, to_stage="withdrawn", by=recruiter, reason=reason("no_response")
    )
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE)
    assert review.state == Commitment.State.WITHDRAWN and "withdrew" in review.withdrawn_reason
    assert Notification.objects.filter(recipient=hiring_manager, text__contains="withdrew").exists()


def test_finding_1_no_decision_while_the_managers_question_waits_for_its_answer(
    active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    ask_recruiter(application=application, by=hiring_manager, text="Notice period?")
    application.refresh_from_db()
    with pytest.raises(MoveRefused, match="answer the question first"):
        move_application(application=application, to_stage="interview:0", by=hiring_manager)
    answer = Commitment.objects.get(kind=CommitmentKind.ANSWER_QUESTION)
    assert answer.state == Commitment.State.OPEN


def test_finding_1_the_recruiter_cannot_make_the_offer_decision_after_the_debrief(
    client, active, requisition, recruiter, hiring_manager, monkeypatch
):
    from pipeline import stages

    monkeypatch.setattr(stages.MOVE_GATES, "_hooks", [])  # the scorecards aside: rights alone
    application = submitted(requisition, recruiter)
    move_application(application=application, to_stage="interview:0", by=hiring_manager)
    move_application(application=application, to_stage="interview:1", by=hiring_manager)
    client.force_login(recruiter)
    page = client.get(_page(application))
    keys = [key for key, _ in page.context["targets"]]
    assert keys == ["applied", "screening", "submitted", "interview:0"], "back, not onwards"
    assert page.context["next_refused"][0] == "Offer"
    response = _post_move(client, application, "offer")
    assert response.status_code == 422
    assert "Only Daniel" in response.context["move_error"]
    assert "decision after the debrief" in response.context["move_error"]
    application.refresh_from_db()
    assert application.stage_key == "interview:1"
    client.force_login(hiring_manager)
    page = client.get(_page(application))
    assert ("offer", "Offer") in page.context["targets"]


def test_finding_1_the_matrix_says_who_decides_the_review(
    active, requisition, recruiter, hiring_manager, hr_generalist
):
    # A new version in which HR is Accountable for shortlist presentation.
    step = "shortlist_presentation"
    cycle_matrix_cell(
        requisition=requisition, step=step, party="hiring_manager", edited_by=recruiter
    )
    for _ in range(3):  # I → blank → R → A
        cycle_matrix_cell(
            requisition=requisition, step=step, party="hr_generalist", edited_by=recruiter
        )
    agreement = send_for_signature(requisition=requisition, sent_by=recruiter)
    for person in (recruiter, hiring_manager, hr_generalist):
        sign_agreement(agreement=agreement, signer=person, version=agreement.version)
    application = submitted(requisition, recruiter)
    with pytest.raises(MoveRefused, match=r"Only Hannah .* \(hr generalist\)"):
        move_application(application=application, to_stage="interview:0", by=hiring_manager)
    move_application(application=application, to_stage="interview:0", by=hr_generalist)
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE)
    assert review.state == Commitment.State.MET


def test_finding_1_the_board_offers_each_card_only_the_next_step_its_viewer_decides(
    client, active, requisition, recruiter, hiring_manager
):
    application = submitted(requisition, recruiter)
    move_application(application=application, to_stage="interview:0", by=hiring_manager)
    screened(requisition, recruiter, name="Bo Berg")
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk}) + "?view=list"
    client.force_login(recruiter)
    cards = {a.candidate.name: a.next_key for a in client.get(url).context["applications"]}
    assert cards == {"Jane Doe": None, "Bo Berg": "submitted"}
    client.force_login(hiring_manager)
    cards = {a.candidate.name: a.next_key for a in client.get(url).context["applications"]}
    assert cards == {"Jane Doe": "interview:1", "Bo Berg": None}
    # A drag (or a forged POST) onto a column is refused by the server all the same.
    client.force_login(recruiter)
    response = client.post(
        _move_url(application), {"to_stage": "interview:1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422 and b"app-card__error" in response.content
    assert Application.objects.get(pk=application.pk).stage_key == "interview:0"


def test_finding_1_admin_cannot_edit_a_stage_or_a_searchs_state(admin_user, requisition):
    request = RequestFactory().get("/")
    request.user = admin_user
    requisition_admin = site._registry[Requisition]
    readonly = set(requisition_admin.get_readonly_fields(request, requisition))
    assert {"state", "opened_at", "closed_at", "held_by_party"} <= readonly
    assert not site._registry[Application].has_change_permission(request)
