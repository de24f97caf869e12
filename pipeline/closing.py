"""A search's end and its candidates (issue 25, findings 4 and 5).

- Filling or cancelling a search closes every application still in play, rejected with the
  reason "Position filled" / "Search cancelled", through the same writer as every move
  (`pipeline.stages.write_move`): its history row, and the followers, which open "tell the
  candidate the outcome" with the message prefilled. That commitment outlives the search
  (`commitments.service_terms.OUTLIVES_ITS_SEARCH`): nobody in play is left untold.
- A search is marked filled only with a hire in Accord, or when HR confirms it was filled
  outside Accord, with a note that goes to the journal.

Registered with `hiring.lifecycle.STATE_GATES` and `STATE_FOLLOWERS` in PipelineConfig.ready.
"""

from __future__ import annotations

from django.utils import formats

from hiring.models import Requisition
from hiring.permissions import HR, capacities
from intake.agreements import active_agreement_for
from intake.models import Agreement, IntakeSession

from .models import CLOSED_STAGES, Application, DispositionReason, Stage
from .reasons import ensure_default_reasons
from .stage_keys import Target
from .stages import write_move

State = Requisition.State

# The disposition reason each end of a search closes its candidates with (pipeline.reasons).
CLOSING_REASONS = {State.FILLED: "position_filled", State.CANCELLED: "search_cancelled"}


def in_play(requisition):
    """The applications still in play: neither closed nor hired."""
    return (
        Application.objects.for_requisition(requisition)
        .exclude(stage__in=(*CLOSED_STAGES, Stage.HIRED))
        .select_related("candidate")
    )


def hires(requisition) -> int:
    return Application.objects.for_requisition(requisition).filter(stage=Stage.HIRED).count()


def fill_refusal(*, requisition, by, outside_note: str) -> str | None:
    """Why `by` may not mark this search filled now (None: they may). With nobody hired in
    Accord only HR may, confirming it was filled outside Accord with a note."""
    if hires(requisition):
        return None
    if HR not in capacities(requisition, by):
        return (
            f"Nobody is hired in Accord for this search (0 of {requisition.headcount}). "
            "Only HR can confirm it was filled outside Accord."
        )
    if not outside_note.strip():
        return (
            "Nobody is hired in Accord for this search: confirm it was filled outside "
            "Accord, with a note for the team."
        )
    return None


def gate_fill(*, requisition, to_state, moved_by, outside_note) -> str | None:
    """hiring.lifecycle.STATE_GATES: no "filled" with 0 hires unless HR confirms."""
    if to_state != State.FILLED:
        return None
    return fill_refusal(requisition=requisition, by=moved_by, outside_note=outside_note)


def close_candidates_of_closed_search(*, requisition, from_state, to_state, moved_by, now):
    """hiring.lifecycle.STATE_FOLLOWERS: a search filled or cancelled closes every candidate
    still in play with the matching reason; each one is then owed the outcome (the
    followers of the move open "tell the candidate the outcome")."""
    code = CLOSING_REASONS.get(to_state)
    if code is None:
        return None
    rows = list(in_play(requisition).select_for_update(of=("self",)).order_by("pk"))
    if not rows:
        return None
    reason = DispositionReason.objects.filter(code=code).first()
    if reason is None:  # an empty database (a test's flush): the defaults again
        ensure_default_reasons()
        reason = DispositionReason.objects.get(code=code)
    agreement = active_agreement_for(requisition)
    for application in rows:
        application.requisition = requisition
        write_move(
            application,
            Target(Stage.REJECTED),
            by=moved_by,
            reason=reason,
            note="",
            agreement=agreement,
            now=now,
            journal=False,
            search_closed=True,
        )
    n = len(rows)
    return (
        f"{n} candidate{'s' if n != 1 else ''} still in play closed as "
        f"“{reason.label}”, each to be told"
    )


def _day(moment) -> str:
    return formats.date_format(moment, "D j M")


def readiness(requisition) -> list[dict]:
    """What it takes to work the search (candidates past screening), step by step:
    [{"label", "done", "text"}], or [] once the agreement is in force or the search is over.
    Candidates can be added and screened before; nothing moves past screening until then."""
    if requisition.is_closed:
        return []
    agreement = (
        Agreement.objects.for_requisition(requisition)
        .exclude(state__in=(Agreement.State.SUPERSEDED, Agreement.State.WITHDRAWN))
        .prefetch_related("signatures__signer")
        .order_by("-version")
        .first()
    )
    if agreement is not None and agreement.state == Agreement.State.ACTIVE:
        return []
    opened = requisition.state != State.DRAFT
    steps = [
        {
            "label": "The search is open",
            "done": opened,
            "text": "" if opened else "It is a draft: open it to start sourcing.",
        }
    ]
    intake = IntakeSession.objects.filter(requisition=requisition).first()
    if intake is not None and intake.held_at:
        text = f"Held {_day(intake.held_at)}."
        steps.append({"label": "Intake meeting", "done": True, "text": text})
    elif intake is not None and not intake.cancelled_at:
        text = f"Scheduled for {_day(intake.starts_at)}: mark it held once it took place."
        steps.append({"label": "Intake meeting", "done": False, "text": text})
    else:
        text = "Not scheduled: agree the search with the hiring manager first."
        steps.append({"label": "Intake meeting", "done": False, "text": text})
    if agreement is None:
        text = "None yet: write it on the Agreement tab after the intake."
    elif agreement.state == Agreement.State.DRAFT:
        text = f"Version {agreement.version} is a draft: send it for signature."
    else:
        waiting = [r["label"] for r in agreement.signature_rows() if r["signature"] is None]
        text = (
            f"Version {agreement.version} awaits the signature of "
            + " and ".join(str(w).lower() for w in waiting)
            + "."
        )
    steps.append({"label": "Agreement in force", "done": False, "text": text})
    return steps
