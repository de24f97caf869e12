"""Moving an application through the pipeline: the one place that changes its stage.

Stage keys (what `to_stage` accepts): "applied", "screening", "submitted",
"interview:<round>" (round = index into the active agreement's interview plan; plain
"interview" means the next round), "offer", "hired", "rejected", "withdrawn".

The gates (DESIGN.md, "Candidate pipeline"; seed 004 "restrict moving a candidate forward …
until … a task") and the decision rights of the agreement's matrix are in `pipeline.gates`
and `pipeline.rights`, asked here whatever page, partial, shortcut or task asked for the
move (issue 25, finding 1).

A refused move raises `MoveRefused` (a ValidationError) with a message for the page and
changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import meet_commitments, open_commitment, withdraw_commitments
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind, Party
from config.hooks import Hooks
from hiring.journal import record_activity
from hiring.models import Requisition
from intake.agreements import active_agreement_for, service_term_for

from .brief_check import BriefReason, brief_reason_for_move, describe

# MOVE_GATES, screening_problem, Target, open_stage_keys: re-exported for the pages and apps.
from .gates import MOVE_GATES, refusal, screening_problem  # noqa: F401
from .models import (
    CLOSED_STAGES,
    Application,
    DispositionReason,
    ReviewQuestion,
    Stage,
    StageChange,
    stage_label,
)
from .notices import notify_submitted
from .recalibration import raise_finding_if_due
from .stage_keys import (  # noqa: F401
    MoveRefused,
    Target,
    next_stage_key,
    open_stage_keys,
    parse_stage_key,
)
from .stage_limits import settle_stage_limit

# --- hooks for later apps (registered in their AppConfig.ready) --------------------------
# Followers run after the stage, history and pipeline's own commitments are written (e.g.
# interviews opens "inform an unsuccessful candidate" on a rejection).
MOVE_FOLLOWERS = Hooks(
    "pipeline.stages.MOVE_FOLLOWERS",
    signature="fn(*, application, change, by) -> None",
    called_in="`move_application`'s transaction, after the move is written",
)


# --- the move -----------------------------------------------------------------------------
def review_url(application) -> str:
    return reverse(
        "pipeline:review-application",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )


def application_url(application) -> str:
    return reverse(
        "pipeline:application-detail",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )


def move_application(
    *,
    application: Application,
    to_stage: str,
    by,
    reason=None,
    note: str = "",
    against_brief: BriefReason | None = None,
) -> StageChange:
    """Move one application, or raise MoveRefused and change nothing.

    In one transaction with the row locked: the gates, the stage, the history row, the
    journal entry and the commitments the move opens or meets (submission opens the hiring
    manager's review and may meet the first shortlist; leaving "submitted" meets or
    withdraws the review). A rejection by the hiring manager of a candidate they decide on
    carries its reason against the brief (`pipeline.brief_check`). A submission made here
    tells the hiring manager at once; several at once go through
    `pipeline.submissions.submit_applications` (one notice per batch).
    """
    with transaction.atomic():
        change = _move(
            application=application,
            to_stage=to_stage,
            by=by,
            reason=reason,
            note=note,
            against_brief=against_brief,
        )
        if change.to_stage == Stage.SUBMITTED:
            notify_submitted(applications=[change.application], by=by)
    return change


def _move(
    *, application, to_stage, by, reason=None, note="", journal=True, at=None, against_brief=None
) -> StageChange:
    """move_application without the notice; `at` backdates the move (demo data only)."""
    locked = Application.objects.select_related("candidate").select_for_update(of=("self",))
    current = locked.get(pk=application.pk)
    requisition = Requisition.objects.with_team().get(pk=current.requisition_id)
    current.requisition = requisition
    target = parse_stage_key(to_stage, current=current)
    note = (note or "").strip()
    if isinstance(reason, str | int) and reason != "":
        reason = DispositionReason.objects.filter(pk=reason, is_active=True).first() or reason
    agreement = active_agreement_for(requisition)
    plan = agreement.interview_plan.stages if agreement else ()

    if problem := refusal(current, target, by, reason, requisition, agreement, plan):
        raise MoveRefused(problem)
    try:
        against = brief_reason_for_move(
            reason=against_brief,
            application=current,
            requisition=requisition,
            by=by,
            agreement=agreement,
            to_stage=target.stage,
        )
    except ValidationError as error:
        raise MoveRefused(error.message_dict) from None
    change = write_move(
        current,
        target,
        by=by,
        reason=reason,
        note=note,
        agreement=agreement,
        now=at or timezone.now(),
        journal=journal,
        against=against,
    )
    application.__dict__.update(
        {f.attname: getattr(current, f.attname) for f in Application._meta.concrete_fields}
    )
    return change


def write_move(
    current,
    target,
    *,
    by,
    reason,
    note,
    agreement,
    now,
    journal=True,
    search_closed=False,
    against=None,
) -> StageChange:
    """Write a move the gates allowed (or a search's end closing its candidates, see
    `pipeline.closing`): the stage, its history row, the journal, the commitments it opens
    or meets, and the followers. `current` is the locked row, its requisition attached."""
    requisition = current.requisition
    plan = agreement.interview_plan.stages if agreement else ()
    from_stage, from_round, from_label = (
        current.stage,
        current.interview_round,
        current.stage_label,
    )
    to_label = stage_label(target.stage)
    if target.stage == Stage.INTERVIEW:
        to_label = plan[target.round].name
    current.stage, current.interview_round = target.stage, target.round
    current.interview_stage_name = to_label if target.stage == Stage.INTERVIEW else ""
    current.stage_changed_at = now
    if target.stage in CLOSED_STAGES:
        current.disposition_reason, current.closed_at = reason, now
    else:
        current.disposition_reason, current.closed_at = None, None
    first_submission = target.stage == Stage.SUBMITTED and current.submitted_at is None
    if first_submission:
        current.submitted_at, current.submitted_by = now, by
    if from_stage == Stage.SUBMITTED:
        current.question_open = False
    current.save()
    change = StageChange.objects.create(
        application=current,
        from_stage=from_stage,
        from_round=from_round,
        from_label=from_label,
        to_stage=target.stage,
        to_round=target.round,
        to_label=to_label,
        by=by,
        at=now,
        reason=reason if target.stage in CLOSED_STAGES else None,
        note=note,
        against_brief=against or {},
    )
    change.application = current

    settle_stage_limit(application=current, by=by, now=now)
    if from_stage == Stage.SUBMITTED:
        _close_review(
            current,
            by=by,
            requisition=requisition,
            now=now,
            to_stage=target.stage,
            search_closed=search_closed,
        )
    if target.stage == Stage.SUBMITTED:
        open_review(application=current, requisition=requisition, started_at=now)
        if first_submission and agreement is not None:
            meet_shortlist_if_presented(requisition=requisition, agreement=agreement, now=now)
    if journal:
        _journal_move(current, change, by=by, requisition=requisition)
    for follower in MOVE_FOLLOWERS:
        follower(application=current, change=change, by=by)
    if change.against_brief:
        # Issue 21: the Nth rejection the brief does not explain raises the finding.
        raise_finding_if_due(requisition=requisition, agreement=agreement, now=now)
    return change


# --- commitments --------------------------------------------------------------------------
def open_review(*, application, requisition, started_at=None):
    """The hiring manager's "review a submitted candidate", under the agreement's term."""
    manager = requisition.hiring_manager
    if manager is None:
        return None
    return open_commitment(
        kind=CommitmentKind.REVIEW_CANDIDATE,
        requisition=requisition,
        owner=manager,
        party=Party.HIRING_MANAGER,
        subject=application,
        title=f"Review {application.candidate.name} for {requisition.title}",
        url=review_url(application),
        started_at=started_at,
        term=service_term_for(requisition, CommitmentKind.REVIEW_CANDIDATE),
    )


def _close_review(application, *, by, requisition, now, to_stage, search_closed=False):
    """The review's decision (onwards or rejected, by whoever the matrix lets decide it:
    `pipeline.gates` refuses everyone else) meets the manager's review. Only the
    candidate's own withdrawal ends it unmet: withdrawn, with the reason, and the manager
    told; or the search's end, which withdrew it already. An open question goes with it."""
    name = application.candidate.name
    if search_closed:
        withdraw_commitments(
            subject=application, kind=CommitmentKind.REVIEW_CANDIDATE, reason="The search closed."
        )
    elif to_stage != Stage.WITHDRAWN:
        meet_commitments(subject=application, kind=CommitmentKind.REVIEW_CANDIDATE, met_at=now)
    elif withdraw_commitments(
        subject=application,
        kind=CommitmentKind.REVIEW_CANDIDATE,
        reason=f"{name} withdrew from the search.",
    ):
        notify_event(
            event="candidate.withdrew",
            requisition=requisition,
            actor=by,
            text=f"{name} withdrew: your review of them is no longer needed",
            url=application_url(application),
            key=f"withdrew:{application.pk}:{now:%Y%m%d%H%M%S%f}",
        )
    question = ReviewQuestion.objects.filter(application=application, answered_at=None).first()
    if question is not None:
        withdraw_commitments(
            subject=question,
            kind=CommitmentKind.ANSWER_QUESTION,
            reason="The search closed." if search_closed else f"{name} withdrew before an answer.",
        )
        question.answered_at = now
        question.save(update_fields=["answered_at"])


def meet_shortlist_if_presented(*, requisition, agreement, now=None) -> bool:
    """ "Present the first shortlist" is met once as many candidates have been submitted as
    the agreement's shortlist size, not before."""
    size = agreement.role_profile.shortlist_size
    if size <= 0:
        return False
    submitted = Application.objects.for_requisition(requisition).ever_submitted().count()
    if submitted < size:
        return False
    met = meet_commitments(
        subject=agreement.agreement, kind=CommitmentKind.PRESENT_SHORTLIST, met_at=now
    )
    if met:
        record_activity(
            requisition=requisition,
            actor=None,
            kind="shortlist_presented",
            summary=f"First shortlist presented: {submitted} candidates submitted (agreed: {size})",
            details={"submitted": submitted, "size": size},
        )
    return bool(met)


# --- the journal --------------------------------------------------------------------------
def _journal_move(application, change, *, by, requisition):
    name = application.candidate.name
    if change.to_stage in CLOSED_STAGES:
        verb = "Rejected" if change.to_stage == Stage.REJECTED else "Closed as withdrawn"
        kind = "candidate_rejected" if change.to_stage == Stage.REJECTED else "candidate_withdrawn"
        summary = f"{verb} {name} ({change.from_label}): {change.reason.label}"
        if change.against_brief:
            summary = f"{summary}; {describe(change.against_brief)}"
    elif change.from_stage in CLOSED_STAGES:
        kind, summary = "candidate_reopened", f"Reopened {name} at {change.to_label}"
    elif change.to_stage == Stage.SUBMITTED and change.from_stage != Stage.SUBMITTED:
        kind, summary = "candidate_submitted", f"Submitted {name} to the hiring manager"
    else:
        kind, summary = "candidate_moved", f"Moved {name}: {change.from_label} → {change.to_label}"
    if change.note:
        summary = f"{summary} — {change.note}"
    record_activity(
        requisition=requisition,
        actor=by,
        kind=kind,
        summary=summary,
        details={
            "application": application.pk,
            "from": change.from_stage,
            "to": change.to_stage,
            "reason": change.reason.code if change.reason else None,
            **({"against_brief": change.against_brief} if change.against_brief else {}),
        },
    )
