"""The review's buttons in messages (issue 18): the hiring manager advances, rejects with a
reason or asks the recruiter about a submitted candidate from the reminder itself.
Registered in `commitments.actions.EMAIL_ACTIONS` from PipelineConfig.ready(); each goes
through `pipeline.review`, the same functions as the review page."""

from __future__ import annotations

from commitments.actions import Action
from commitments.service_terms import CommitmentKind
from hiring.models import Requisition
from intake.agreements import active_agreement_for

from . import rights
from .brief_check import UNNAMED, BriefReason, needs_brief_reason
from .forms import AskDecisionForm, RejectDecisionForm
from .models import Application, Stage
from .review import advance, ask_recruiter, reject

REVIEW = frozenset({CommitmentKind.REVIEW_CANDIDATE})


def _application(commitment) -> Application | None:
    return (
        Application.objects.select_related("candidate", "requisition")
        .filter(pk=commitment.subject_id, requisition_id=commitment.requisition_id)
        .first()
    )


def _problem(commitment, person) -> str | None:
    application = _application(commitment)
    if application is None:
        return "This candidate is no longer on the search."
    requisition = Requisition.objects.with_team().get(pk=commitment.requisition_id)
    if not rights.can_review(requisition, person):
        return "Only the hiring manager reviews submitted candidates."
    if application.stage != Stage.SUBMITTED or application.question_open:
        return f"{application.candidate.name} is no longer waiting for your review."
    return None


def _about(commitment) -> str:
    application = _application(commitment)
    if application is None:
        return ""
    return f"{application.candidate.name}, for {application.requisition.title}"


def _advance(*, commitment, person, data):
    application = _application(commitment)
    advance(application=application, by=person, note=data.get("note", ""))
    application.refresh_from_db()
    return f"{application.candidate.name} moves on to {application.stage_label}."


def _reject_form(data, *, commitment, person):
    """The review's reject form with the brief in force: its reasons, required of the
    hiring manager as on the review page (issue 21)."""
    requisition = Requisition.objects.with_team().get(pk=commitment.requisition_id)
    agreement = active_agreement_for(requisition)
    return RejectForm(
        data,
        profile=agreement.role_profile if agreement else None,
        brief_required=agreement is not None
        and needs_brief_reason(requisition=requisition, by=person, from_stage=Stage.SUBMITTED),
    )


def _reject(*, commitment, person, data):
    application = _application(commitment)
    choice, text = data.get("against_brief") or "", data.get("against_brief_text") or ""
    reject(
        application=application,
        by=person,
        reason=data["reason"],
        note=data.get("note", ""),
        against_brief=BriefReason(choice, text if choice == UNNAMED else "") if choice else None,
    )
    return f"{application.candidate.name} is rejected ({data['reason'].label})."


def _ask(*, commitment, person, data):
    application = _application(commitment)
    ask_recruiter(application=application, by=person, text=data["question"])
    return f"Your question about {application.candidate.name} went to the recruiter."


class RejectForm(RejectDecisionForm):
    """The review's reject form without its hidden "action" (the token names it)."""

    action = None


class AskForm(AskDecisionForm):
    action = None


def review_actions() -> list[Action]:
    return [
        Action(
            name="advance",
            label="Advance",
            effect="The candidate moves on to the next stage of the interview plan; the "
            "recruiter is told.",
            audience="owner",
            kinds=REVIEW,
            problem=_problem,
            perform=_advance,
            primary=True,
            about=_about,
        ),
        Action(
            name="reject",
            label="Reject with a reason",
            effect="The candidate is rejected with the reason you choose; the recruiter "
            "informs them.",
            audience="owner",
            kinds=REVIEW,
            problem=_problem,
            perform=_reject,
            form=_reject_form,
            about=_about,
        ),
        Action(
            name="ask",
            label="Ask the recruiter",
            effect="Your question goes to the recruiter; the candidate waits for their answer.",
            audience="owner",
            kinds=REVIEW,
            problem=_problem,
            perform=_ask,
            form=lambda data, **_: AskForm(data),
            about=_about,
        ),
    ]
