"""The gates of a move, asked by `pipeline.stages.move_application` inside its transaction
and, without writing anything, by the pages that offer moves (issue 25, finding 1: the
Move form skipped them).

In order, the first that fails refuses the move with a sentence for the page:

- nothing on a closed search; on a search on hold only closing a candidate;
- the decision rights of `pipeline.rights` (the agreement's matrix);
- no rejection or withdrawal without a disposition reason of the matching side;
- nothing past screening before the search's agreement is active;
- no submission without a completed screening form built from the active role profile,
  nor with a failed knock-out answer;
- forward one step at a time;
- no move ends what someone still owes on the candidate without meeting it: a candidate
  waiting for the manager's review or for the answer to their question stays until the
  review is decided (a candidate's own withdrawal excepted: it ends them openly);
- whatever other apps add to `MOVE_GATES` (interviews: no offer before every scorecard is
  in, no hire without an accepted offer).
"""

from __future__ import annotations

from django.utils import formats

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from config.hooks import Hooks
from hiring.models import Requisition

from .models import CLOSED_STAGES, PAST_SCREENING, Application, DispositionReason, Stage
from .rights import REVIEW, MoveRights, decision_for
from .stage_keys import key_label, next_stage_key, open_stage_keys, parse_stage_key, rank

# A gate's message refuses the move (e.g. interviews: "Two scorecards are not in yet").
MOVE_GATES = Hooks(
    "pipeline.stages.MOVE_GATES",
    signature="fn(*, application, to_stage, to_round, by) -> str | None",
    called_in="`move_application`'s transaction, the application row locked",
)

# A dry run (a page asking which moves to offer): the reason is chosen in the form later.
ANY_REASON = object()


def refusal(current, target, by, reason, requisition, agreement, plan, rights=None) -> str | None:
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
        and rank(target.stage, target.round) < rank(current.stage, current.interview_round)
    )
    rights = rights or MoveRights(requisition, by, agreement)
    decision = decision_for(from_stage=current.stage, to_stage=target.stage, backwards=backwards)
    if problem := rights.refusal(decision):
        return problem
    if closing:
        if current.is_closed:
            return f"{current.candidate.name} is already closed; reopen first."
        if reason is not ANY_REASON:
            if not isinstance(reason, DispositionReason):
                return "Give a disposition reason."
            if reason.closes_as != target.stage:
                side = "our" if target.stage == Stage.REJECTED else "the candidate's"
                return f"“{reason.label}” is not {side} decision: choose another reason."
    else:
        if target.stage in PAST_SCREENING and agreement is None:
            return "Sign the agreement first: nothing moves past screening before it is active."
        if target.stage == Stage.INTERVIEW and target.round >= len(plan):
            return "The agreement's interview plan has no such stage."
        if target.stage == Stage.SUBMITTED and (problem := screening_problem(current, agreement)):
            return problem
        if not backwards:
            nxt = next_stage_key(current, len(plan))
            if target.key != nxt:
                return (
                    f"One step at a time: next for {current.candidate.name} is "
                    f"{key_label(nxt, plan, lower=True)}."
                    if nxt
                    else f"{current.candidate.name} cannot move further."
                )
    if problem := owed_problem(current, target, decision, requisition):
        return problem
    for gate in MOVE_GATES:
        if problem := gate(
            application=current, to_stage=target.stage, to_round=target.round, by=by
        ):
            return problem
    return None


def owed_problem(current, target, decision, requisition) -> str | None:
    """Why this move would end something still owed on the candidate without meeting it.

    The manager's review is met only by the review's decision (onwards or rejected); moving
    the candidate back would withdraw it behind the manager's back. While the manager's
    question is open the recruiter owes the answer, and the review waits for it. A
    candidate's own withdrawal ends both, openly (it is not anyone's decision to refuse)."""
    if current.stage != Stage.SUBMITTED or target.stage == Stage.WITHDRAWN:
        return None
    name = current.candidate.name
    if current.question_open:
        return (
            f"The hiring manager asked about {name} and the answer is not in yet: answer the "
            "question first (or close as withdrawn if the candidate withdrew)."
        )
    if decision is REVIEW:
        return None
    review = (
        Commitment.objects.open()
        .filter(kind=CommitmentKind.REVIEW_CANDIDATE)
        .for_subject(current)
        .select_related("owner")
        .first()
    )
    if review is None:
        return None
    due = formats.date_format(review.due_at, "D j M, H:i")
    return (
        f"{name} is waiting for {review.owner.display_name}'s review (due {due}): the decision "
        "is theirs, and moving the candidate would withdraw it. Ask them on the review, or "
        "close as withdrawn if the candidate withdrew."
    )


def screening_problem(application, agreement) -> str | None:
    """Why this application's screening does not allow submission yet (None: it does)."""
    form = getattr(application, "screening", None) if _has_screening(application) else None
    if form is None or not form.is_complete:
        return "Complete the screening form first: no submission without it."
    if agreement is None:
        return "Sign the agreement first: nothing moves past screening before it is active."
    if missing := form.missing_answers(agreement.role_profile):
        return f"The screening form lacks {missing}: the agreement's role profile changed."
    if failed := form.failed_knockouts():
        answer = failed[0]
        return (
            f"{application.candidate.name} answered “{answer.get('answer')}” to the knock-out "
            f"“{answer.get('question')}” (required: “{answer.get('expected')}”): no "
            "submission. Reject with the reason “Knock-out answer”, or correct the screening."
        )
    return None


def _has_screening(application) -> bool:
    try:
        application.screening  # noqa: B018
    except Application.screening.RelatedObjectDoesNotExist:
        return False
    return True


def allowed_moves(*, application, user, requisition, agreement) -> dict:
    """What a page offers `user` on `application`, every gate asked without writing:
    {"targets": [(key, label)], "close_as": [stage], "next": (label, refusal) | None}.
    `next` explains why the next step forward is not offered, when it is not."""
    # Every gate is asked once per stage offered; what a gate looks up about the candidate
    # (not about the target) is looked up once for the page (`asked_once`), not per stage.
    application._gate_answers = {}
    try:
        return _allowed_moves(application, user, requisition, agreement)
    finally:
        del application._gate_answers


def asked_once(application, key, answer):
    """`answer()`, once per `allowed_moves` for `key` (a question about the candidate that
    every target asks again: the open debrief decision, the offer); outside it (a move
    being made, with the row locked) asked afresh every time."""
    memo = application.__dict__.get("_gate_answers")
    if memo is None:
        return answer()
    if key not in memo:
        memo[key] = answer()
    return memo[key]


def _allowed_moves(application, user, requisition, agreement) -> dict:
    plan = agreement.interview_plan.stages if agreement else ()
    rights = MoveRights(requisition, user, agreement)
    if application.is_closed:
        keys = [Stage.APPLIED, Stage.SCREENING]
    else:
        keys = [k for k in open_stage_keys(len(plan)) if k != application.stage_key]
    targets, nxt = [], None
    forward = next_stage_key(application, len(plan)) if not application.is_closed else None
    for key in keys:
        target = parse_stage_key(key)
        label = key_label(key, plan)
        problem = refusal(application, target, user, None, requisition, agreement, plan, rights)
        if problem is None:
            targets.append((key, label))
        elif key == forward:
            nxt = (label, problem)
    close_as = [
        stage
        for stage in CLOSED_STAGES
        if refusal(
            application,
            parse_stage_key(stage),
            user,
            ANY_REASON,
            requisition,
            agreement,
            plan,
            rights,
        )
        is None
    ]
    return {"targets": targets, "close_as": close_as, "next": nxt}
