"""Commitments follow their search's state (issue 7, DESIGN "A commitment follows its
search"): on hold pauses every clock, reopening resumes it with the business time that was
left, filled or cancelled withdraws what is open. Called by `hiring.lifecycle.
move_requisition` inside its transaction (registered in CommitmentsConfig.ready), so the
state and the commitments change together; none of it sends a reminder.
"""

from hiring.lifecycle import follow_requisition_state
from hiring.models import Requisition

from .ledger import pause_commitments, resume_commitments, withdraw_requisition_commitments

State = Requisition.State


def _count(n: int, what: str) -> str:
    return f"{n} open commitment{'s' if n != 1 else ''} {what}"


@follow_requisition_state
def follow_state(*, requisition, from_state, to_state, moved_by, now) -> str | None:
    if to_state == State.ON_HOLD:
        if n := pause_commitments(requisition=requisition, now=now):
            return _count(n, "paused")
    elif from_state == State.ON_HOLD and to_state == State.OPEN:
        if n := resume_commitments(requisition=requisition, now=now):
            return _count(n, "resumed")
    elif to_state in (State.FILLED, State.CANCELLED):
        reason = f"The search was {State(to_state).label.lower()}."
        if n := withdraw_requisition_commitments(requisition=requisition, reason=reason, now=now):
            return _count(n, "withdrawn")
    return None
