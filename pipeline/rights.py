"""Who decides each move of a candidate: the responsibility matrix of the search's agreement
(DESIGN: "every step has exactly one Accountable and at least one Responsible"; issue 25,
finding 1: the Move form let the recruiter make the hiring manager's decisions).

Every move is a decision on one recruiting-cycle step, and the parties the matrix makes
Responsible or Accountable for that step decide it:

- starting the screening, submitting, closing a candidate before submission: *screening*,
  its Responsible and Accountable (the recruiter and HR by default);
- a submitted candidate onwards or out: the *review*, decided by the Accountable of
  shortlist presentation (the hiring manager by default);
- onwards or out from an interview stage, an offer included: the *debrief's decision*, by
  the Accountable of interview feedback and debrief (the hiring manager by default);
- from offer to hired or out: offer extension and closing, Responsible and Accountable,
  and the debrief's Accountable, who may still decide against;
- closing as withdrawn records the candidate's own decision: whoever runs the search or
  the hiring manager may record it;
- moving back and reopening: the recruiter and HR (as before).

Admins stand in for any party. Everyone else is refused with the name of who decides.
`pipeline.stages` asks this inside `move_application`; pages ask it to offer only the
moves a person may make.
"""

from __future__ import annotations

from dataclasses import dataclass

from commitments.service_terms import Party
from hiring.models import TeamRole
from intake.agreements import active_agreement_for
from intake.matrix import default_matrix
from intake.models import CycleStep

from . import access
from .models import CLOSED_STAGES, Stage

PARTY_OF_ROLE = {
    TeamRole.RECRUITER: Party.RECRUITER,
    TeamRole.HR_GENERALIST: Party.HR_GENERALIST,
    TeamRole.HIRING_MANAGER: Party.HIRING_MANAGER,
}
ROLE_OF_PARTY = {party: role for role, party in PARTY_OF_ROLE.items()}


@dataclass(frozen=True)
class Decision:
    """The step a move decides, which letters of its matrix row decide it, in words."""

    what: str
    steps: tuple[tuple[str, str], ...] = ()  # (CycleStep, "RA" or "A") — union of deciders
    recorders: bool = False  # the candidate's own decision: anyone running the search records
    runners: bool = False  # moving back or reopening: the recruiter and HR


SCREENING = Decision("the screening", ((CycleStep.SCREENING, "RA"),))
REVIEW = Decision("the review of a submitted candidate", ((CycleStep.SHORTLIST_PRESENTATION, "A"),))
DEBRIEF = Decision("the decision after the debrief", ((CycleStep.INTERVIEW_FEEDBACK, "A"),))
OFFER = Decision(
    "the offer's outcome", ((CycleStep.OFFER_CLOSING, "RA"), (CycleStep.INTERVIEW_FEEDBACK, "A"))
)
WITHDRAWAL = Decision("the candidate's withdrawal", recorders=True)
BACK = Decision("moving a candidate back or reopening one", runners=True)


def decision_for(*, from_stage: str, to_stage: str, backwards: bool) -> Decision:
    """The decision a move from `from_stage` to `to_stage` makes."""
    if to_stage == Stage.WITHDRAWN:
        return WITHDRAWAL
    if backwards or from_stage in CLOSED_STAGES:
        return BACK
    if from_stage in (Stage.APPLIED, Stage.SCREENING):
        return SCREENING
    if from_stage == Stage.SUBMITTED:
        return REVIEW
    if from_stage == Stage.INTERVIEW:
        return DEBRIEF
    return OFFER


def parties_of(requisition, user) -> set[str]:
    """The matrix columns `user` acts in on this search: their team roles, an HR lead as
    HR, an admin as every party (standing in)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_admin:
        return set(ROLE_OF_PARTY)
    found = {PARTY_OF_ROLE[r] for r in requisition.roles_of(user) if r in PARTY_OF_ROLE}
    if user.is_hr_lead:
        found.add(Party.HR_GENERALIST)
    return found


class MoveRights:
    """One person's decision rights on one search, the matrix read once (a board asks it
    for every card)."""

    def __init__(self, requisition, user, agreement=None):
        self.requisition, self.user = requisition, user
        self._matrix = dict(agreement._matrix) if agreement is not None else default_matrix()
        self.parties = parties_of(requisition, user)
        self.runs_the_search = access.runs_the_search(requisition, user)
        self.is_hiring_manager = access.is_hiring_manager(requisition, user)

    def deciders(self, decision: Decision) -> list[str]:
        """The parties that decide `decision`, in the matrix's column order."""
        found = []
        for step, letters in decision.steps:
            cells = self._matrix.get(step, {})
            for party in (Party.RECRUITER, Party.HR_GENERALIST, Party.HIRING_MANAGER):
                if cells.get(party, "") in letters and cells.get(party) and party not in found:
                    found.append(party)
        return found

    def may(self, decision: Decision) -> bool:
        if decision.recorders:
            return self.runs_the_search or self.is_hiring_manager
        if decision.runners:
            return self.runs_the_search
        return bool(self.parties & set(self.deciders(decision)))

    def may_move(self, *, from_stage: str, to_stage: str, backwards: bool) -> bool:
        decision = decision_for(from_stage=from_stage, to_stage=to_stage, backwards=backwards)
        return self.may(decision)

    def refusal(self, decision: Decision) -> str | None:
        """Why this person may not make `decision` (None: they may), naming who decides."""
        if self.may(decision):
            return None
        if decision.runners:
            return "Only the recruiter or HR can move a candidate back or reopen one."
        if decision.recorders:
            return "You cannot make that move on this search."
        who = _and(self.decider_names(decision))
        return (
            f"Only {who} may make this move: {decision.what} is theirs under the "
            "agreement's responsibility matrix."
        )

    def decider_names(self, decision: Decision) -> list[str]:
        names = []
        for party in self.deciders(decision):
            person = self.requisition.member(ROLE_OF_PARTY[party])
            label = Party(party).label.lower()
            names.append(f"{person.display_name} ({label})" if person else f"the {label}")
        return names or ["nobody"]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_UNSET = object()


def can_review(requisition, user, agreement=_UNSET) -> bool:
    """Whether `user` decides on submitted candidates (the review page, its shortcuts):
    the Accountable of shortlist presentation, the hiring manager by default."""
    if requisition.is_closed:
        return False
    if agreement is _UNSET:
        agreement = active_agreement_for(requisition)
    return MoveRights(requisition, user, agreement).may(REVIEW)


def can_decide(requisition, user, agreement=_UNSET) -> bool:
    """Whether `user` makes the decision after the debrief (onwards, offer or reject): the
    Accountable of interview feedback and debrief, the hiring manager by default."""
    if requisition.is_closed:
        return False
    if agreement is _UNSET:
        agreement = active_agreement_for(requisition)
    return MoveRights(requisition, user, agreement).may(DEBRIEF)
