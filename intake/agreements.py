"""The active agreement, read-only, for the rest of the code (pipeline, check-ins, status).

    agreement = active_agreement_for(requisition)
    agreement.service_term(CommitmentKind.REVIEW_CANDIDATE)
    agreement.responsible_parties(CycleStep.OFFER_PREPARATION)
    agreement.communication_plan.checkin_weekday

`service_term_for(requisition, kind)` answers with the organisation's defaults when there
is no active agreement yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from types import MappingProxyType

from commitments.service_terms import ServiceTerm

from .matrix import PARTIES
from .models import Agreement, CycleStep, Signer, organisation_defaults, term_from_row


@dataclass(frozen=True)
class CommunicationPlan:
    checkin_cadence: str
    checkin_weekday: int
    checkin_time: time
    checkin_channel: str
    checkin_leader_party: str
    status_update_party: str
    status_update_weekday: int  # 0 = Monday
    status_update_content: str
    when_away: str = "deputy"  # commitments.absences: deputy, pause or escalate

    @classmethod
    def from_part(cls, part: dict) -> CommunicationPlan:
        hours, minutes = (part.get("checkin_time") or "10:00").split(":")[:2]
        return cls(
            checkin_cadence=part.get("checkin_cadence", "weekly"),
            checkin_weekday=int(part.get("checkin_weekday", 1)),
            checkin_time=time(int(hours), int(minutes)),
            checkin_channel=part.get("checkin_channel", "video"),
            checkin_leader_party=part.get("checkin_leader_party", Signer.RECRUITER.value),
            status_update_party=part.get("status_update_party", Signer.RECRUITER.value),
            status_update_weekday=int(part.get("status_update_weekday", 4)),
            status_update_content=part.get("status_update_content", ""),
            when_away=part.get("when_away", "deputy"),
        )


@dataclass(frozen=True)
class KnockoutQuestion:
    question: str
    answer: str


@dataclass(frozen=True)
class RoleProfile:
    must_haves: tuple[str, ...]
    nice_to_haves: tuple[str, ...]
    knockout_questions: tuple[KnockoutQuestion, ...]
    shortlist_size: int
    qualifications: str
    team_description: str
    past_hires: str

    @classmethod
    def from_part(cls, part: dict) -> RoleProfile:
        return cls(
            must_haves=tuple(part.get("must_haves", [])),
            nice_to_haves=tuple(part.get("nice_to_haves", [])),
            knockout_questions=tuple(
                KnockoutQuestion(q["question"], q["answer"])
                for q in part.get("knockout_questions", [])
            ),
            shortlist_size=int(part.get("shortlist_size") or 0),
            qualifications=part.get("qualifications", ""),
            team_description=part.get("team_description", ""),
            past_hires=part.get("past_hires", ""),
        )


@dataclass(frozen=True)
class InterviewStage:
    name: str
    focus_areas: tuple[str, ...]
    interviewer_ids: tuple[int, ...]
    length_minutes: int


@dataclass(frozen=True)
class InterviewPlan:
    stages: tuple[InterviewStage, ...]

    @classmethod
    def from_part(cls, part: dict) -> InterviewPlan:
        return cls(
            stages=tuple(
                InterviewStage(
                    name=s["name"],
                    focus_areas=tuple(s.get("focus_areas", [])),
                    interviewer_ids=tuple(p["id"] for p in s.get("interviewers", [])),
                    length_minutes=int(s.get("length_minutes") or 0),
                )
                for s in part.get("stages", [])
            )
        )


@dataclass(frozen=True)
class Budget:
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    target_shortlist_date: date | None
    target_start_date: date | None

    @classmethod
    def from_part(cls, part: dict) -> Budget:
        def day(value):
            return date.fromisoformat(value) if value else None

        return cls(
            salary_min=part.get("salary_min"),
            salary_max=part.get("salary_max"),
            salary_currency=part.get("salary_currency", ""),
            target_shortlist_date=day(part.get("target_shortlist_date")),
            target_start_date=day(part.get("target_start_date")),
        )


@dataclass(frozen=True)
class Calibration:
    """The calibration round after signing and the rejection-pattern threshold N."""

    round: bool
    round_days: int
    rejection_threshold: int

    @classmethod
    def from_part(cls, part: dict) -> Calibration:
        # A version signed before the part existed: no round, the organisation's usual N.
        return cls(
            round=bool(part.get("round", False)),
            round_days=int(part.get("round_days") or 5),
            rejection_threshold=int(part.get("rejection_threshold") or 3),
        )


@dataclass(frozen=True)
class StageLimit:
    stage: str
    days: int | None
    party: str


@dataclass(frozen=True)
class StageLimits:
    """How long a candidate may sit in each stage, per the party whose move it then is."""

    limits: tuple[StageLimit, ...]

    @classmethod
    def from_part(cls, part: dict) -> StageLimits:
        return cls(
            tuple(
                StageLimit(stage, int(v["days"]) if v.get("days") else None, v.get("party", ""))
                for stage, v in (part or {}).items()
                if isinstance(v, dict)
            )
        )

    def for_stage(self, stage: str) -> StageLimit | None:
        """The limit on `stage`, or None when it has none."""
        found = next((limit for limit in self.limits if limit.stage == stage), None)
        return found if found is not None and found.days else None


@dataclass(frozen=True)
class Consequences:
    """What follows a deadline still missed after the last escalation."""

    tell_owners_manager: bool
    hr_lead_id: int | None
    mark_at_risk: bool

    @classmethod
    def from_part(cls, part: dict) -> Consequences:
        lead = part.get("hr_lead") or {}
        return cls(
            tell_owners_manager=bool(part.get("tell_owners_manager", False)),
            hr_lead_id=lead.get("id"),
            mark_at_risk=bool(part.get("mark_at_risk", False)),
        )

    @property
    def any(self) -> bool:
        return self.tell_owners_manager or self.hr_lead_id is not None or self.mark_at_risk


class ActiveAgreement:
    """A read-only view of the version in force. Built from one row; nothing here writes."""

    def __init__(self, agreement: Agreement):
        self._agreement = agreement
        self.pk = agreement.pk
        self.requisition_id = agreement.requisition_id
        self.version = agreement.version
        self.activated_at = agreement.activated_at
        self.role_profile = RoleProfile.from_part(agreement.role_profile)
        self.interview_plan = InterviewPlan.from_part(agreement.interview_plan)
        self.communication_plan = CommunicationPlan.from_part(agreement.communication)
        self.budget = Budget.from_part(agreement.budget)
        self.sourcing = MappingProxyType(dict(agreement.sourcing))
        self.calibration = Calibration.from_part(agreement.calibration)
        self.stage_limits = StageLimits.from_part(agreement.stage_limits)
        self.consequences = Consequences.from_part(agreement.consequences)
        self._matrix = {step: dict(cells) for step, cells in agreement.matrix.items()}
        self._service_levels = dict(agreement.service_levels)

    def __repr__(self):
        return f"<ActiveAgreement v{self.version} requisition={self.requisition_id}>"

    @property
    def agreement(self) -> Agreement:
        """The model row, e.g. as the subject of a commitment."""
        return self._agreement

    def service_term(self, kind: str) -> ServiceTerm:
        return term_from_row(kind, self._service_levels.get(kind))

    def responsible_parties(self, step: str) -> list[str]:
        return self._parties_with(step, "R")

    def accountable_party(self, step: str) -> str | None:
        parties = self._parties_with(step, "A")
        return parties[0] if parties else None

    def _parties_with(self, step: str, letter: str) -> list[str]:
        CycleStep(step)  # an unknown step is a programming error, not "nobody"

        cells = self._matrix.get(step, {})
        return [party for party in PARTIES if cells.get(party) == letter]


def active_agreement_for(requisition) -> ActiveAgreement | None:
    row = Agreement.objects.for_requisition(requisition).active().first()
    return ActiveAgreement(row) if row else None


class TermsInForce:
    """The agreements in force on many searches and their service levels, read at once:
    one query for the agreements, one for the organisation's defaults the first time a
    search has no agreement or its agreement no row for a kind (periodic tasks that open
    commitments on hundreds of searches; `service_term_for` is the one-search question)."""

    def __init__(self, requisitions):
        # Only the parts read here: the others (matrix, plan, profile) are the bulk of a row.
        rows = (
            Agreement.objects.active()
            .filter(requisition__in=requisitions)
            .only("requisition_id", "service_levels", "communication")
        )
        self._rows = {row.requisition_id: row for row in rows}
        self._defaults = None

    def has_agreement(self, requisition) -> bool:
        return requisition.pk in self._rows

    def communication_plan(self, requisition) -> CommunicationPlan | None:
        row = self._rows.get(requisition.pk)
        return CommunicationPlan.from_part(row.communication) if row else None

    def term(self, requisition, kind: str) -> ServiceTerm:
        row = self._rows.get(requisition.pk)
        level = row.service_levels.get(kind) if row else None
        if level:
            return term_from_row(kind, level)
        if self._defaults is None:
            self._defaults = organisation_defaults()
        return self._defaults[kind]


def service_term_for(requisition, kind: str) -> ServiceTerm:
    """The service level in force on this search: the active agreement's, else the
    organisation's defaults."""
    active = active_agreement_for(requisition)
    if active is not None:
        return active.service_term(kind)
    return term_from_row(kind, None)


def away_policy_for(requisition) -> str | None:
    """The agreement in force's "when someone is away" (commitments.absences.AWAY_POLICIES);
    None without one."""
    active = active_agreement_for(requisition)
    return active.communication_plan.when_away if active is not None else None
