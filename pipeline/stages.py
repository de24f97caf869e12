"""Moving an application through the pipeline: the one place that changes its stage.

Stage keys (what `to_stage` accepts): "applied", "screening", "submitted",
"interview:<round>" (round = index into the active agreement's interview plan; plain
"interview" means the next round), "offer", "hired", "rejected", "withdrawn".

The gates (DESIGN.md, "Candidate pipeline"; seed 004 "restrict moving a candidate forward …
until … a task"), enforced here whatever page or partial asked:

- nothing on a closed search; on a search on hold only closing a candidate;
- nothing past screening before the search's agreement is active;
- no submission without a completed screening form built from the active role profile;
- no rejection or withdrawal without a disposition reason of the matching side;
- forward one step at a time; moving back and reopening only by the recruiter and HR;
- whatever other apps add to `MOVE_GATES` (interviews: no offer before every
  scorecard is in).

A refused move raises `MoveRefused` (a ValidationError) with a message for the page and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import meet_commitments, open_commitment, withdraw_commitments
from commitments.service_terms import CommitmentKind, Party
from config.hooks import Hooks
from hiring.journal import record_activity
from hiring.models import Requisition
from intake.agreements import active_agreement_for, service_term_for

from . import access
from .brief_check import BriefReason, brief_reason_for_move, describe
from .models import (
    CLOSED_STAGES,
    PAST_SCREENING,
    Application,
    DispositionReason,
    ReviewQuestion,
    Stage,
    StageChange,
    stage_label,
)
from .notices import notify_submitted
from .recalibration import raise_finding_if_due
from .stage_limits import settle_stage_limit


class MoveRefused(ValidationError):
    pass


@dataclass(frozen=True)
class Target:
    stage: str
    round: int | None = None

    @property
    def key(self) -> str:
        return f"interview:{self.round}" if self.stage == Stage.INTERVIEW else self.stage


def parse_stage_key(key: str, *, current: Application | None = None) -> Target:
    stage, _, rest = str(key).partition(":")
    if stage not in Stage.values:
        raise MoveRefused("Choose a stage.")
    if stage != Stage.INTERVIEW:
        if rest:
            raise MoveRefused("Choose a stage.")
        return Target(stage)
    if rest == "":
        if current is not None and current.stage == Stage.INTERVIEW:
            return Target(stage, current.interview_round + 1)
        return Target(stage, 0)
    if not rest.isdigit() or int(rest) > 50:
        raise MoveRefused("Choose a stage.")
    return Target(stage, int(rest))


def _rank(stage: str, round_: int | None) -> tuple[int, int]:
    order = {
        Stage.APPLIED: 0,
        Stage.SCREENING: 1,
        Stage.SUBMITTED: 2,
        Stage.INTERVIEW: 3,
        Stage.OFFER: 4,
        Stage.HIRED: 5,
    }
    return (order[stage], round_ or 0)


def open_stage_keys(plan_stages: int) -> list[str]:
    """The open stages of a search in order, interview rounds from its plan."""
    return [
        Stage.APPLIED,
        Stage.SCREENING,
        Stage.SUBMITTED,
        *[f"interview:{i}" for i in range(plan_stages)],
        Stage.OFFER,
        Stage.HIRED,
    ]


def next_stage_key(application: Application, plan_stages: int) -> str | None:
    """Where "advance" takes an application, or None when it cannot go further."""
    keys = open_stage_keys(plan_stages)
    if application.stage_key not in keys:
        return None
    index = keys.index(application.stage_key)
    return keys[index + 1] if index + 1 < len(keys) else None


# --- hooks for later apps (registered in their AppConfig.ready) --------------------------
# A gate's message refuses the move (e.g. interviews: "Two scorecards are not in yet").
MOVE_GATES = Hooks(
    "pipeline.stages.MOVE_GATES",
    signature="fn(*, application, to_stage, to_round, by) -> str | None",
    called_in="`move_application`'s transaction, the application row locked",
)
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

    problem = _refusal(current, target, by, reason, requisition, agreement, plan)
    if problem is None:
        for gate in MOVE_GATES:
            if problem := gate(
                application=current, to_stage=target.stage, to_round=target.round, by=by
            ):
                break
    if problem:
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

    now = at or timezone.now()
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
        against_brief=against,
    )
    change.application = current
    application.__dict__.update(
        {f.attname: getattr(current, f.attname) for f in Application._meta.concrete_fields}
    )

    settle_stage_limit(application=current, by=by, now=now)
    if from_stage == Stage.SUBMITTED:
        _close_review(current, by=by, requisition=requisition, now=now)
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


def _refusal(current, target, by, reason, requisition, agreement, plan) -> str | None:
    """The first gate this move fails, as a sentence for the page; None when it may go."""
    if target.key == current.stage_key:
        return f"{current.candidate.name} is already at {current.stage_label}."
    if requisition.is_closed:
        return f"The search is {requisition.get_state_display().lower()}; nothing moves now."
    closing = target.stage in CLOSED_STAGES
    if requisition.state == Requisition.State.ON_HOLD and not closing:
        return "The search is on hold: only closing a candidate is possible until it reopens."
    reopening = current.is_closed and not closing
    backwards = reopening or (
        not current.is_closed
        and not closing
        and _rank(target.stage, target.round) < _rank(current.stage, current.interview_round)
    )
    if not access.can_move(
        requisition, by, from_stage=current.stage, to_stage=target.stage, backwards=backwards
    ):
        if backwards:
            return "Only the recruiter or HR can move a candidate back or reopen one."
        return "You cannot make that move on this search."
    if closing:
        if not isinstance(reason, DispositionReason):
            return "Give a disposition reason."
        if reason.closes_as != target.stage:
            side = "our" if target.stage == Stage.REJECTED else "the candidate's"
            return f"“{reason.label}” is not {side} decision: choose another reason."
        if current.is_closed:
            return f"{current.candidate.name} is already closed; reopen first."
        return None
    if target.stage in PAST_SCREENING and agreement is None:
        return "Sign the agreement first: nothing moves past screening before it is active."
    if target.stage == Stage.INTERVIEW and target.round >= len(plan):
        return "The agreement's interview plan has no such stage."
    if target.stage == Stage.SUBMITTED and (problem := screening_problem(current, agreement)):
        return problem
    if not backwards:
        nxt = next_stage_key(current, len(plan))
        if target.key != nxt:
            label = _key_label(nxt, plan) if nxt else ""
            return (
                f"One step at a time: next for {current.candidate.name} is {label}."
                if nxt
                else f"{current.candidate.name} cannot move further."
            )
    return None


def _key_label(key: str, plan) -> str:
    if key.startswith("interview:"):
        return plan[int(key.split(":")[1])].name
    return Stage(key).label.lower()


def screening_problem(application, agreement) -> str | None:
    """Why this application's screening does not allow submission yet (None: it does)."""
    form = getattr(application, "screening", None) if _has_screening(application) else None
    if form is None or not form.is_complete:
        return "Complete the screening form first: no submission without it."
    if agreement is None:
        return "Sign the agreement first: nothing moves past screening before it is active."
    if missing := form.missing_answers(agreement.role_profile):
        return f"The screening form lacks {missing}: the agreement's role profile changed."
    return None


def _has_screening(application) -> bool:
    try:
        application.screening  # noqa: B018
    except Application.screening.RelatedObjectDoesNotExist:
        return False
    return True


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


def _close_review(application, *, by, requisition, now):
    """A decision by the manager meets the review; anybody else's move withdraws it (it is
    no longer theirs to do, and nobody should be counted late for it). An open question
    goes with it."""
    if access.is_hiring_manager(requisition, by):
        meet_commitments(subject=application, kind=CommitmentKind.REVIEW_CANDIDATE, met_at=now)
    withdraw_commitments(
        subject=application,
        kind=CommitmentKind.REVIEW_CANDIDATE,
        reason="The candidate left the review queue.",
    )
    question = ReviewQuestion.objects.filter(application=application, answered_at=None).first()
    if question is not None:
        withdraw_commitments(
            subject=question,
            kind=CommitmentKind.ANSWER_QUESTION,
            reason="The candidate left the review queue before an answer.",
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
