"""What the figures operations answer, field by field (each figure's definition is in
`insights.figures`; the OpenAPI schema is generated from these)."""

from datetime import date, datetime

from ninja import Schema

from .schemas import CheckIn, Commitment, Person


class Tally(Schema):
    """Commitments due in the period (settled in it: met, waived, declined, or their deadline
    passed), and of them met on time, met late, overdue now, still waiting, waived,
    declined; paused ones apart; `extended` of those due had their deadline moved. On-time %
    = met on time ÷ (met + overdue now). Business time to meet by nearest rank, in steps
    ("2 business days"). See `insights.figures.Tally`."""

    due: int
    met_on_time: int
    met_late: int
    overdue: int
    waiting: int
    waived: int
    declined: int
    paused: int
    extended: int
    on_time_pct: int | None
    met_pct: int | None
    median_to_meet: str | None
    p90_to_meet: str | None


class FigurePeriod(Schema):
    label: str
    start: datetime
    end: datetime


class CheckInFigures(Schema):
    """Check-ins of the agreed schedule in the period: held, missed, cancelled, and those
    whose time passed unrecorded; held % = held ÷ agreed."""

    agreed: int
    held: int
    missed: int
    cancelled: int
    unrecorded: int
    held_pct: int | None


class PulseFigure(Schema):
    """A side's average relationship pulse (1–5) over the check-ins of the period, from the
    answers the reader may count (never a single answer of the other side)."""

    side: str
    label: str
    average: float | None
    answers: int


class WeekFigure(Schema):
    """On-time % per side ("recruiter", "hiring", "hr", "others") in a week (Monday)."""

    week: date
    on_time_pct: dict[str, int | None]


class PairKind(Schema):
    kind: str
    label: str
    side: str
    tally: Tally


class Pair(Schema):
    """A recruiter and a hiring manager: each side's commitments to the other, the
    scoreboard's kinds (reviews, interview feedback, first shortlist, status updates),
    check-ins and pulse; `slipped` when a side is on time less than `slipping_below` %."""

    recruiter: Person
    hiring_manager: Person
    sides: dict[str, Tally]
    kinds: list[PairKind]
    checkins: CheckInFigures
    pulse: list[PulseFigure]
    worst_on_time_pct: int | None
    slipped: bool
    url: str
    trend: list[WeekFigure] | None = None


class PairPage(Schema):
    period: FigurePeriod
    slipping_below: int
    items: list[Pair]
    next_cursor: str | None


class FigureScope(Schema):
    kind: str
    title: str
    department: str
    requisition_id: int | None
    person: Person | None
    recruiter: Person | None
    hiring_manager: Person | None


class SideTally(Schema):
    side: str
    label: str
    tally: Tally


class KindTally(Schema):
    kind: str
    label: str
    side: str
    # The agreed deadline, in words ("within 2 business days"), from `terms_from`.
    agreed: str
    tally: Tally


class CommitmentFigures(Schema):
    total: Tally
    sides: list[SideTally]
    kinds: list[KindTally]


class Spread(Schema):
    count: int
    median: float | None
    p90: float | None


class StageSpread(Spread):
    stage: str


class FillBucket(Schema):
    label: str
    searches: int


class FunnelStep(Schema):
    step: str
    candidates: int
    pct_of_step_before: int | None


class SurveyAverage(Schema):
    question: str
    average: float


class SearchFigures(Schema):
    """Time to fill (hold periods left out) and to the first shortlist, time in each stage,
    the funnel of the candidates added in the period, offers, scorecards submitted against
    those owed, and the candidates' survey (averages only from 3 answers)."""

    time_to_fill_days: Spread
    time_to_fill_business_days: Spread
    time_to_fill_distribution: list[FillBucket]
    time_to_shortlist_business_days: Spread
    time_in_stage_days: list[StageSpread]
    funnel: list[FunnelStep]
    submitted_per_hire: float | None
    offers_accepted: int
    offers_declined: int
    offer_acceptance_pct: int | None
    scorecards: Tally
    survey_answers: int
    survey_averages: list[SurveyAverage]


class Figures(Schema):
    """A scope's figures over the period, as its figures page (`url`) shows them."""

    scope: FigureScope
    period: FigurePeriod
    terms_from: str
    commitments: CommitmentFigures
    weeks: list[WeekFigure]
    checkins: CheckInFigures
    pulse: list[PulseFigure]
    pairs: list[Pair]
    searches: SearchFigures
    url: str


class CommitmentRow(Commitment):
    """A commitment behind a figure: the outcome it is counted under, when it was settled
    (met, waived, or its deadline) and the business time it took, in words."""

    outcome: str
    settled_at: datetime
    took: str | None


class CommitmentRowPage(Schema):
    period: FigurePeriod
    items: list[CommitmentRow]
    # Of this page, the rows an agency recruiter may count but not read.
    left_out: int
    next_cursor: str | None


class CheckInRowPage(Schema):
    period: FigurePeriod
    items: list[CheckIn]
    next_cursor: str | None


class CandidateRow(Schema):
    id: int
    requisition_id: int
    requisition_title: str
    candidate_name: str
    stage: str
    stage_label: str
    created_at: datetime
    submitted_at: datetime | None
    url: str


class CandidateRowPage(Schema):
    period: FigurePeriod
    items: list[CandidateRow]
    next_cursor: str | None


class FilledRow(Schema):
    id: int
    title: str
    department: str
    opened_at: datetime | None
    closed_at: datetime | None
    url: str


class FilledRowPage(Schema):
    period: FigurePeriod
    items: list[FilledRow]
    next_cursor: str | None
