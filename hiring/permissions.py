"""Who may move a requisition between its states: one table, asked everywhere.

A person acts on a search as one or more of these capacities; each move of the lifecycle
lists the capacities allowed to make it. Agency recruiters are on searches to source, not
to run them: they make no moves (issue 7). A search put on hold by the hiring manager or
HR is theirs to reopen — a recruiter cannot undo a decision made on the other side.
"""

from __future__ import annotations

from .models import Requisition, TeamRole

State = Requisition.State

RECRUITER = TeamRole.RECRUITER.value  # the internal recruiter on the search
AGENCY_RECRUITER = "agency_recruiter"  # an outside agency's recruiter on the search
HR = "hr"  # the search's HR generalist, or an HR lead who sees every search
HIRING_MANAGER = TeamRole.HIRING_MANAGER.value
ADMIN = "admin"

_RUNNERS = frozenset({RECRUITER, HR, HIRING_MANAGER, ADMIN})
_CLIENT_SIDE = frozenset({HR, HIRING_MANAGER, ADMIN})

# (from, to) → who may make that move. A move missing here is not a move at all.
MOVE_PERMISSIONS: dict[tuple[str, str], frozenset[str]] = {
    (State.DRAFT, State.OPEN): _RUNNERS,
    (State.DRAFT, State.CANCELLED): _RUNNERS,
    (State.OPEN, State.ON_HOLD): _RUNNERS,
    (State.OPEN, State.FILLED): _RUNNERS,
    (State.OPEN, State.CANCELLED): _RUNNERS,
    (State.ON_HOLD, State.CANCELLED): _RUNNERS,
    # Reopening depends on who held it: see `may_move`.
    (State.ON_HOLD, State.OPEN): _RUNNERS,
}


def capacities(requisition: Requisition, user) -> set[str]:
    """The capacities `user` acts in on this search (empty for someone who is not on it)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    found = set()
    if user.is_admin:
        found.add(ADMIN)
    roles = requisition.roles_of(user)
    if TeamRole.RECRUITER in roles:
        found.add(AGENCY_RECRUITER if user.is_agency_recruiter else RECRUITER)
    if TeamRole.HR_GENERALIST in roles or user.is_hr_lead:
        found.add(HR)
    if TeamRole.HIRING_MANAGER in roles:
        found.add(HIRING_MANAGER)
    return found


def allowed_for(requisition: Requisition, to_state: str) -> frozenset[str]:
    allowed = MOVE_PERMISSIONS.get((requisition.state, to_state), frozenset())
    if (requisition.state, to_state) == (State.ON_HOLD, State.OPEN) and (
        requisition.held_by_party in _CLIENT_SIDE
    ):
        allowed = allowed & _CLIENT_SIDE
    return allowed


def may_move(requisition: Requisition, user, to_state: str) -> bool:
    return bool(capacities(requisition, user) & allowed_for(requisition, to_state))


def moves_for(requisition: Requisition, user) -> list[str]:
    """The moves `user` may make from the search's current state, in the lifecycle's order."""
    if requisition.is_closed:
        return []
    mine = capacities(requisition, user)
    return [s for s in requisition.allowed_moves() if mine & allowed_for(requisition, s)]


def held_by_party(requisition: Requisition, user) -> str:
    """The capacity recorded when `user` puts the search on hold (client side first)."""
    mine = capacities(requisition, user)
    for capacity in (HIRING_MANAGER, HR, ADMIN, RECRUITER):
        if capacity in mine:
            return capacity
    return ""
