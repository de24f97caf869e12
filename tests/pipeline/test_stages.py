"""The gates of the pipeline, enforced by pipeline.stages.move_application whatever asked."""

import pytest

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.models import Activity
from pipeline.brief_check import BriefReason
from pipeline.models import Stage, StageChange
from pipeline.stages import MOVE_GATES, MoveRefused, move_application
from tests.pipeline.helpers import add, reason, screen, screened, submitted

pytestmark = pytest.mark.django_db


def test_nothing_moves_past_screening_before_the_agreement_is_active(requisition, recruiter):
    application = add(requisition, recruiter)
    move_application(application=application, to_stage="screening", by=recruiter)
    with pytest.raises(MoveRefused, match="Sign the agreement first"):
        move_application(application=application, to_stage="submitted", by=recruiter)
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING


def test_no_submission_without_a_completed_screening_form(active, requisition, recruiter):
    application = add(requisition, recruiter)
    move_application(application=application, to_stage="screening", by=recruiter)
    with pytest.raises(MoveRefused, match="Complete the screening form first"):
        move_application(application=application, to_stage="submitted", by=recruiter)
    screen(application, recruiter, complete=False)
    with pytest.raises(MoveRefused, match="Complete the screening form first"):
        move_application(application=application, to_stage="submitted", by=recruiter)
    screen(application, recruiter)
    move_application(application=application, to_stage="submitted", by=recruiter)
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED and application.submitted_at is not None


def test_completing_the_screening_needs_every_answer(active, requisition, recruiter):
    from django.core.exceptions import ValidationError

    application = add(requisition, recruiter)
    with pytest.raises(ValidationError, match="Owns on-call"):
        screen(application, recruiter, {"must_1_rating": None})
    with pytest.raises(ValidationError, match="Right to work"):
        screen(application, recruiter, {"ko_0": ""})
    with pytest.raises(ValidationError, match="summary"):
        screen(application, recruiter, {"summary": " "})


def test_a_changed_role_profile_reopens_the_screening_gate(
    active, requisition, recruiter, hiring_manager, hr_generalist
):
    from tests.pipeline.helpers import BRIEF, activate_agreement

    application = screened(requisition, recruiter)
    activate_agreement(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        brief={**BRIEF, "must_haves": [*BRIEF["must_haves"], "Kubernetes"]},
    )
    with pytest.raises(MoveRefused, match="Kubernetes"):
        move_application(application=application, to_stage="submitted", by=recruiter)


def test_no_rejection_without_a_disposition_reason(active, requisition, recruiter):
    application = add(requisition, recruiter)
    with pytest.raises(MoveRefused, match="disposition reason"):
        move_application(application=application, to_stage="rejected", by=recruiter)
    with pytest.raises(MoveRefused, match="not our decision"):
        move_application(
            application=application,
            to_stage="rejected",
            by=recruiter,
            reason=reason("candidate_withdrew"),
        )
    move_application(
        application=application, to_stage="rejected", by=recruiter, reason=reason("skills_gap")
    )
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert application.disposition_reason.code == "skills_gap"


def test_no_withdrawal_without_the_candidates_reason(active, requisition, recruiter):
    application = add(requisition, recruiter)
    with pytest.raises(MoveRefused, match="disposition reason"):
        move_application(application=application, to_stage="withdrawn", by=recruiter)
    with pytest.raises(MoveRefused, match="not the candidate's decision"):
        move_application(
            application=application, to_stage="withdrawn", by=recruiter, reason=reason("skills_gap")
        )
    move_application(
        application=application,
        to_stage="withdrawn",
        by=recruiter,
        reason=reason("accepted_other_offer").pk,
    )
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN


def test_forward_moves_go_one_step_at_a_time(
    active, requisition, recruiter, hiring_manager, monkeypatch
):
    from pipeline import stages

    monkeypatch.setattr(stages.MOVE_GATES, "_hooks", [])  # other apps' gates (scorecards) aside
    application = submitted(requisition, recruiter)
    with pytest.raises(MoveRefused, match="One step at a time: next for Jane Doe is Technical"):
        move_application(application=application, to_stage="offer", by=hiring_manager)
    move_application(application=application, to_stage="interview", by=hiring_manager)
    move_application(application=application, to_stage="interview", by=hiring_manager)
    application.refresh_from_db()
    assert application.stage_key == "interview:1"
    assert application.interview_stage_name == "Team and values"
    with pytest.raises(MoveRefused, match="no such stage"):
        move_application(application=application, to_stage="interview:2", by=hiring_manager)
    move_application(application=application, to_stage="offer", by=hiring_manager)
    move_application(application=application, to_stage="hired", by=hiring_manager)
    application.refresh_from_db()
    assert application.stage == Stage.HIRED and application.interview_round is None


def test_only_the_recruiter_and_hr_move_back_or_reopen(
    active, requisition, recruiter, hiring_manager, hr_generalist, interviewer
):
    application = submitted(requisition, recruiter)
    move_application(application=application, to_stage="interview:0", by=hiring_manager)
    with pytest.raises(MoveRefused, match="Only the recruiter or HR"):
        move_application(application=application, to_stage="submitted", by=hiring_manager)
    with pytest.raises(MoveRefused, match=r"Only Daniel .* \(hiring manager\) may make this"):
        move_application(application=application, to_stage="interview:1", by=interviewer)
    move_application(
        application=application, to_stage="submitted", by=recruiter, note="Wrong stage"
    )
    move_application(
        application=application,
        to_stage="rejected",
        by=hiring_manager,
        reason=reason("skills_gap"),
        against_brief=BriefReason("must:0"),
    )
    with pytest.raises(MoveRefused, match="Only the recruiter or HR"):
        move_application(application=application, to_stage="submitted", by=hiring_manager)
    move_application(application=application, to_stage="screening", by=hr_generalist)
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING and application.disposition_reason is None
    journal = list(Activity.objects.filter(requisition=requisition).values_list("kind", flat=True))
    assert "candidate_reopened" in journal and "candidate_moved" in journal


def test_the_stage_history_says_who_when_from_where_and_why(active, requisition, recruiter):
    application = add(requisition, recruiter)
    move_application(
        application=application,
        to_stage="rejected",
        by=recruiter,
        reason=reason("knockout_answer"),
        note="No right to work",
    )
    changes = list(StageChange.objects.filter(application=application))
    moves = [(c.from_stage, c.to_stage) for c in changes]
    assert moves == [("", "applied"), ("applied", "rejected")]
    last = changes[-1]
    assert last.by == recruiter and last.reason.code == "knockout_answer"
    assert last.note == "No right to work" and last.from_label == "Applied"


def test_nothing_moves_on_a_closed_search_and_only_closing_on_hold(active, requisition, recruiter):
    application = add(requisition, recruiter)
    requisition.state = "on_hold"
    requisition.save()
    with pytest.raises(MoveRefused, match="on hold"):
        move_application(application=application, to_stage="screening", by=recruiter)
    move_application(
        application=application, to_stage="withdrawn", by=recruiter, reason=reason("no_response")
    )
    requisition.state = "cancelled"
    requisition.save()
    with pytest.raises(MoveRefused, match="cancelled"):
        move_application(application=application, to_stage="screening", by=recruiter)


def test_a_registered_gate_refuses_a_move(
    active, requisition, recruiter, hiring_manager, monkeypatch
):
    from pipeline import stages

    monkeypatch.setattr(stages.MOVE_GATES, "_hooks", [])
    application = submitted(requisition, recruiter)
    for key in ("interview:0", "interview:1"):
        move_application(application=application, to_stage=key, by=hiring_manager)

    def scorecards_first(*, application, to_stage, to_round, by):
        return "Two scorecards are not in yet." if to_stage == "offer" else None

    MOVE_GATES.register(scorecards_first)
    with pytest.raises(MoveRefused, match="scorecards"):
        move_application(application=application, to_stage="offer", by=hiring_manager)


def test_submission_opens_the_managers_review_under_the_service_level(
    active, requisition, recruiter, hiring_manager
):
    from commitments.business_time import BusinessCalendar

    application = submitted(requisition, recruiter)
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE)
    assert review.owner == hiring_manager and review.subject == application
    assert review.url == f"/requisitions/{requisition.pk}/review/{application.pk}/"
    calendar = BusinessCalendar.for_requisition(requisition)
    assert calendar.between(review.started_at, review.due_at).total_seconds() == 16 * 3600


def test_a_move_by_someone_else_withdraws_the_review_instead_of_meeting_it(
    active, requisition, recruiter
):
    application = submitted(requisition, recruiter)
    move_application(
        application=application, to_stage="withdrawn", by=recruiter, reason=reason("no_response")
    )
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE)
    assert review.state == Commitment.State.WITHDRAWN
