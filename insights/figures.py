"""Is the agreement being kept? Every figure Accord shows, one definition each.

Each figure below is computed for a **scope** over a **period**, for a **viewer**, and always
from the rows the viewer may see: the requisitions `Requisition.objects.visible_to(viewer)`
gives, nothing else (issue 17, "Who sees what"). Every figure can be followed to the rows it
was computed from (`commitment_rows`, `checkin_rows`, `application_rows`), filtered the same
way.

Terms used in the definitions
-----------------------------
Period
    "Last 30 / 90 / 365 days" ends now; "from … to …" runs from the start of the first day
    to the end of the last, both in the organisation's time zone (`settings.TIME_ZONE`).
    Weeks (for trends) start on Monday in that zone.
Scope
    The organisation (optionally one department), one requisition, one person, or a
    recruiter–hiring-manager pair: the searches whose *current* recruiter and hiring manager
    they are. A search handed to a new recruiter moves to the new pair with its history; each
    person's own figures stay theirs (see "Hand-over").
Side
    Who a commitment is owed by, measured the same way in both directions (DESIGN: "Both
    directions count the same"): the recruiter side (the recruiter), HR (the HR generalist)
    and the hiring side (the hiring manager and the interviewers). A commitment owed by
    someone a check-in named who holds no part on the search is on no side ("others").
Business time
    `commitments.business_time`: Mon–Fri 09:00–17:00 in the search's time zone, minus the
    public holidays of its country. Time a commitment's clock stood still because its search
    was on hold never counts (`Commitment.paused_for`), and a commitment withdrawn because
    it stopped making sense (a search closed, a version superseded, an interview cancelled)
    is in no figure at all.
Hand-over
    A commitment counts for whoever held it when its deadline passed
    (`Commitment.answerable_id`). Handed over before its deadline, it is wholly the
    successor's (the deadline did not move, so they had the time that was left); handed over
    after its deadline, the lateness stays with the predecessor even when the successor then
    meets it. How long it took is always measured from when it was first owed: that is how
    long the other side waited.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncWeek
from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn, PulseAnswer, PulseSide
from commitments.business_time import BusinessCalendar
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind, Party
from hiring.models import LEAD_ROLES, Activity, HiringTeamMember, Requisition, TeamRole
from interviews.models import Interview, Offer, Survey
from interviews.surveys import MINIMUM_ANSWERS
from pipeline.models import Application, Stage, StageChange

# --- periods -------------------------------------------------------------------------------
PERIOD_CHOICES = (("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 365 days"))
DEFAULT_PERIOD_DAYS = 90


def organisation_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Period:
    """[start, end): the moments a figure looks at."""

    start: datetime
    end: datetime
    label: str
    days: int | None = None  # set for "last N days"

    @classmethod
    def last(cls, days: int, *, now: datetime | None = None) -> Period:
        now = now or timezone.now()
        return cls(start=now - timedelta(days=days), end=now, label=f"Last {days} days", days=days)

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        """From the start of `first` to the end of `last`, in the organisation's zone."""
        zone = organisation_zone()
        start = datetime.combine(first, time.min, tzinfo=zone)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        return cls(start=start, end=end, label=f"{first:%-d %b %Y} – {last:%-d %b %Y}")

    @property
    def first_day(self) -> date:
        return self.start.astimezone(organisation_zone()).date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(microseconds=1)).astimezone(organisation_zone()).date()

    def weeks(self) -> list[date]:
        """The Mondays of the weeks the period touches, oldest first."""
        monday = self.first_day - timedelta(days=self.first_day.weekday())
        weeks = []
        while monday <= self.last_day:
            weeks.append(monday)
            monday += timedelta(days=7)
        return weeks


# --- scopes --------------------------------------------------------------------------------
ORGANISATION, REQUISITION, PERSON, PAIR = "organisation", "requisition", "person", "pair"


@dataclass(frozen=True)
class Scope:
    """What the figures are about. `department` narrows the organisation to one department
    (compared without regard to case, as the status board does)."""

    kind: str = ORGANISATION
    department: str = ""
    requisition: Requisition | None = None
    person: object = None  # accounts.User
    recruiter: object = None
    hiring_manager: object = None

    @property
    def title(self) -> str:
        if self.kind == REQUISITION:
            return self.requisition.title
        if self.kind == PERSON:
            return self.person.display_name
        if self.kind == PAIR:
            return f"{self.recruiter.display_name} and {self.hiring_manager.display_name}"
        return self.department or "The organisation"


def sees_everyone(viewer) -> bool:
    """HR leads and admins see every search's and everyone's figures; everyone else their
    own and those of the searches they are on."""
    return viewer.is_active and (viewer.is_admin or viewer.can_view_all_requisitions())


def may_view(viewer, scope: Scope) -> bool:
    """Who may open a scope's figures (the view asks; the rows are still only the visible
    requisitions'). Organisation and department: HR leads and admins. A person: themselves,
    or HR leads and admins. A pair: its two people, or HR leads and admins. A requisition:
    its recruiter, HR generalist and hiring manager (the journal's readers), and everyone who
    sees every search."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if sees_everyone(viewer):
        return True
    if scope.kind == PERSON:
        return scope.person.pk == viewer.pk
    if scope.kind == PAIR:
        return viewer.pk in (scope.recruiter.pk, scope.hiring_manager.pk)
    if scope.kind == REQUISITION:
        return scope.requisition.can_read_journal(viewer)
    return False


def _on_team(user, role):
    return Exists(HiringTeamMember.objects.filter(requisition=OuterRef("pk"), user=user, role=role))


def scope_requisitions(viewer, scope: Scope):
    """The requisitions a scope's figures are computed from, as `viewer` may see them."""
    requisitions = Requisition.objects.visible_to(viewer)
    if scope.department:
        requisitions = requisitions.filter(department__iexact=scope.department)
    if scope.kind == REQUISITION:
        requisitions = requisitions.filter(pk=scope.requisition.pk)
    elif scope.kind == PAIR:
        requisitions = requisitions.filter(
            _on_team(scope.recruiter, TeamRole.RECRUITER),
            _on_team(scope.hiring_manager, TeamRole.HIRING_MANAGER),
        )
    return requisitions


# --- sides ---------------------------------------------------------------------------------
RECRUITER_SIDE, HR_SIDE, HIRING_SIDE, OTHERS = "recruiter", "hr", "hiring", "others"
SIDE_LABELS = {
    RECRUITER_SIDE: "Recruiter side",
    HR_SIDE: "HR",
    HIRING_SIDE: "Hiring manager side",
    OTHERS: "Others named at a check-in",
}
SIDE_OF_PARTY = {
    Party.RECRUITER: RECRUITER_SIDE,
    Party.HR_GENERALIST: HR_SIDE,
    Party.HIRING_MANAGER: HIRING_SIDE,
    Party.INTERVIEWER: HIRING_SIDE,
}
SIDE_ORDER = (RECRUITER_SIDE, HIRING_SIDE, HR_SIDE, OTHERS)


def side_of(party: str) -> str:
    return SIDE_OF_PARTY.get(party, OTHERS)


def _side_expression():
    """The side of a commitment's party, in SQL (for grouping trends by side)."""
    return Case(
        *[When(party=party, then=Value(side)) for party, side in SIDE_OF_PARTY.items()],
        default=Value(OTHERS),
        output_field=CharField(),
    )


# --- business time to meet, in steps --------------------------------------------------------
BUSINESS_DAY = timedelta(hours=8)


@dataclass(frozen=True)
class Step:
    """An upper bound of business time: "within 2 business days"."""

    limit: timedelta

    @property
    def label(self) -> str:
        hours = self.limit / timedelta(hours=1)
        if hours < 8:
            return f"{hours:g} business hour{'s' if hours != 1 else ''}"
        days = hours / 8
        return f"{days:g} business day{'s' if days != 1 else ''}"

    def __str__(self):
        return self.label


STEPS = tuple(
    Step(timedelta(hours=h)) for h in (1, 2, 4, 8, 16, 24, 40, 80, 120, 160, 240)
)  # 1, 2, 4 hours; 1, 2, 3, 5, 10, 15, 20, 30 business days
BEYOND = "more than 30 business days"


def step_percentile(cumulative: list[int], timed: int, share: float):
    """The `share` percentile (0.5 for the median) of business time to meet, in steps, by
    nearest rank: the smallest step within which at least that share of the met
    commitments were met. None when none was met; BEYOND when it lies past the last step.

    `cumulative[i]` is how many were met within STEPS[i]; `timed` how many were met."""
    if not timed:
        return None
    rank = max(1, math.ceil(share * timed))
    for step, within in zip(STEPS, cumulative, strict=True):
        if within >= rank:
            return step
    return BEYOND


# --- commitment figures --------------------------------------------------------------------
@dataclass
class Tally:
    """The commitments due in a period, for one kind and side (or a sum of them).

    - **due**: commitments *settled* in the period (`settled_at`: met on time when met,
      waived before the deadline when waived, otherwise at the deadline), except withdrawn
      ones and open ones whose clock is stopped (counted apart as **paused**). So a
      shortlist presented today a week early counts today, and a review that was due on
      Wednesday counts on Wednesday, overdue now and met late once it is met.
    - **met on time**: met at or before the deadline; **met late**: met after it.
    - **overdue now**: still open, clock running, deadline passed.
    - **waiting**: still open, deadline not reached yet (a period that reaches the future).
    - **waived**: released with a reason by HR or the other side; in "due", not in on-time %.
    - **declined**: its owner said "not mine" and whoever's part it is accepted the reason
      (issue 18); in "due", not in on-time %, a category of its own.
    - **extended**: of those due, the ones whose deadline was moved by an accepted "I need
      more time"; each is counted against its new deadline, so this is a count beside the
      others, not a part of "due".
    - **on-time %**: met on time ÷ (met on time + met late + overdue now), rounded; None when
      nothing is decided yet. Waiting and waived ones are in neither part.
    - **median / 90th percentile business time to meet**: over the met ones, by nearest rank
      in STEPS (see `step_percentile`).
    """

    met_on_time: int = 0
    met_late: int = 0
    overdue: int = 0
    waiting: int = 0
    waived: int = 0
    paused: int = 0
    declined: int = 0
    extended: int = 0
    within: list[int] = field(default_factory=lambda: [0] * len(STEPS))

    @property
    def met(self) -> int:
        return self.met_on_time + self.met_late

    @property
    def due(self) -> int:
        return self.met + self.overdue + self.waiting + self.waived + self.declined

    @property
    def decided(self) -> int:
        return self.met + self.overdue

    @property
    def late(self) -> int:
        return self.met_late + self.overdue

    @property
    def met_pct(self) -> int | None:
        """Met at all (on time or late) ÷ settled: scorecards submitted of those owed."""
        return round(100 * self.met / self.decided) if self.decided else None

    @property
    def on_time_pct(self) -> int | None:
        if not self.decided:
            return None
        return round(100 * self.met_on_time / self.decided)

    @property
    def median(self):
        return step_percentile(self.within, self.met, 0.5)

    @property
    def p90(self):
        return step_percentile(self.within, self.met, 0.9)

    def add(self, other: Tally) -> Tally:
        self.met_on_time += other.met_on_time
        self.met_late += other.met_late
        self.overdue += other.overdue
        self.waiting += other.waiting
        self.waived += other.waived
        self.paused += other.paused
        self.declined += other.declined
        self.extended += other.extended
        self.within = [a + b for a, b in zip(self.within, other.within, strict=True)]
        return self

    @classmethod
    def from_row(cls, row: dict) -> Tally:
        return cls(
            met_on_time=row["met_on_time"],
            met_late=row["met_late"],
            overdue=row["overdue"],
            waiting=row["waiting"],
            waived=row["waived"],
            paused=row["paused"],
            declined=row["declined"],
            extended=row["extended"],
            within=[row[f"within_{i}"] for i in range(len(STEPS))],
        )


MET, OPEN, WAIVED = Commitment.State.MET, Commitment.State.OPEN, Commitment.State.WAIVED
DECLINED = Commitment.State.DECLINED


def tally_aggregates(now: datetime) -> dict:
    """The aggregates behind a Tally, for `.values(...).annotate(**tally_aggregates(now))`."""
    running = Q(state=OPEN, paused_at__isnull=True)
    aggregates = {
        "met_on_time": Count("pk", filter=Q(state=MET, met_at__lte=F("due_at"))),
        "met_late": Count("pk", filter=Q(state=MET, met_at__gt=F("due_at"))),
        "overdue": Count("pk", filter=running & Q(due_at__lt=now)),
        "waiting": Count("pk", filter=running & Q(due_at__gte=now)),
        "waived": Count("pk", filter=Q(state=WAIVED)),
        "paused": Count("pk", filter=Q(state=OPEN, paused_at__isnull=False)),
        "declined": Count("pk", filter=Q(state=DECLINED)),
        "extended": Count(
            "pk", filter=Q(extensions__gt=0) & ~Q(state=OPEN, paused_at__isnull=False)
        ),
    }
    for i, step in enumerate(STEPS):
        aggregates[f"within_{i}"] = Count("pk", filter=Q(state=MET, met_in__lte=step.limit))
    return aggregates


def answerable_is(person) -> Q:
    """Commitments a person answers for (see "Hand-over")."""
    return Q(late_owner=person) | Q(late_owner__isnull=True, owner=person)


def settled_at():
    """When a commitment's outcome was settled: its deadline, or the moment it was met or
    waived if that came first. Never later than `due_at`, which is what lets a period be
    found through the index on `due_at` (see `counted_commitments`)."""
    return Least(F("due_at"), Coalesce(F("met_at"), F("waived_at"), F("due_at")))


def counted_commitments(viewer, scope: Scope, period: Period):
    """The commitments behind every commitment figure of a scope and period: settled in the
    period (see `Tally`), not withdrawn, on the requisitions the viewer may see in the
    scope; for a person, those they answer for."""
    rows = (
        Commitment.objects.filter(
            requisition__in=scope_requisitions(viewer, scope),
            # settled_at <= due_at, so nothing settled in the period fell due before it.
            due_at__gte=period.start,
        )
        .alias(settled=settled_at())
        .filter(settled__gte=period.start, settled__lt=period.end)
        .exclude(state=Commitment.State.WITHDRAWN)
    )
    if scope.kind == PERSON:
        rows = rows.filter(answerable_is(scope.person))
    return rows


@dataclass
class KindRow:
    kind: str
    side: str
    tally: Tally

    @property
    def kind_label(self) -> str:
        return CommitmentKind(self.kind).label

    @property
    def side_label(self) -> str:
        return SIDE_LABELS[self.side]


@dataclass
class CommitmentFigures:
    """Per commitment kind and side, the sides' totals and the whole."""

    kinds: list[KindRow]
    sides: dict[str, Tally]
    total: Tally

    def side_rows(self):
        return [
            (side, SIDE_LABELS[side], self.sides[side]) for side in SIDE_ORDER if side in self.sides
        ]


KIND_ORDER = list(CommitmentKind.values)


def commitment_figures(viewer, scope: Scope, period: Period, *, now=None) -> CommitmentFigures:
    """Commitments due, met on time / late, overdue now, waived, on-time % and the median and
    90th percentile of business time to meet (all as in `Tally`), per kind and side. One
    query."""
    now = now or timezone.now()
    by_kind_side: dict[tuple[str, str], Tally] = {}
    rows = (
        counted_commitments(viewer, scope, period)
        .values("kind", "party")
        .annotate(**tally_aggregates(now))
        .order_by()
    )
    for row in rows:
        key = (row["kind"], side_of(row["party"]))
        by_kind_side.setdefault(key, Tally()).add(Tally.from_row(row))
    kinds = [
        KindRow(kind=kind, side=side, tally=tally)
        for (kind, side), tally in sorted(
            by_kind_side.items(),
            key=lambda item: (KIND_ORDER.index(item[0][0]), SIDE_ORDER.index(item[0][1])),
        )
    ]
    sides: dict[str, Tally] = {}
    total = Tally()
    for row in kinds:
        sides.setdefault(row.side, Tally()).add(row.tally)
        total.add(row.tally)
    return CommitmentFigures(kinds=kinds, sides=sides, total=total)


@dataclass
class WeekPoint:
    week: date
    tallies: dict[str, Tally]  # side -> Tally

    def on_time(self, side: str) -> int | None:
        tally = self.tallies.get(side)
        return tally.on_time_pct if tally else None


def weekly_on_time(viewer, scope: Scope, period: Period, *, now=None) -> list[WeekPoint]:
    """On-time % per side, per week in which commitments were settled (Monday, organisation's
    zone), for the trend chart: the `Tally` definition applied to each week. One query."""
    now = now or timezone.now()
    zone = organisation_zone()
    rows = (
        counted_commitments(viewer, scope, period)
        .annotate(week=TruncWeek(settled_at(), tzinfo=zone), side=_side_expression())
        .values("week", "side")
        .annotate(**tally_aggregates(now))
        .order_by()
    )
    by_week: dict[date, dict[str, Tally]] = defaultdict(dict)
    for row in rows:
        week = row["week"]
        week = week.astimezone(zone).date() if isinstance(week, datetime) else week
        by_week[week].setdefault(row["side"], Tally()).add(Tally.from_row(row))
    return [WeekPoint(week=w, tallies=by_week.get(w, {})) for w in period.weeks()]


# --- check-ins and the pulse ----------------------------------------------------------------
@dataclass
class CheckInFigures:
    """Check-ins held against those agreed.

    - **agreed**: occurrences of the agreed schedule that started in the period (and before
      now), except those cancelled because the search was on hold (nobody owed them).
    - **held**, **missed** (recorded as missed), **cancelled** (by hand), **unrecorded**
      (their time passed and nobody has recorded them yet).
    - **held %**: held ÷ agreed, rounded; None when none was agreed.
    """

    agreed: int = 0
    held: int = 0
    missed: int = 0
    cancelled: int = 0

    @property
    def unrecorded(self) -> int:
        return self.agreed - self.held - self.missed - self.cancelled

    @property
    def held_pct(self) -> int | None:
        return round(100 * self.held / self.agreed) if self.agreed else None


def counted_checkins(viewer, scope: Scope, period: Period, *, now=None):
    now = now or timezone.now()
    return CheckIn.objects.filter(
        requisition__in=scope_requisitions(viewer, scope),
        starts_at__gte=period.start,
        starts_at__lt=min(period.end, now),
    ).exclude(state=CheckIn.State.CANCELLED, suspended=True)


def _checkin_aggregates():
    return {
        "agreed": Count("pk"),
        "held": Count("pk", filter=Q(state=CheckIn.State.HELD)),
        "missed": Count("pk", filter=Q(state=CheckIn.State.MISSED)),
        "cancelled": Count("pk", filter=Q(state=CheckIn.State.CANCELLED)),
    }


def checkin_figures(viewer, scope: Scope, period: Period, *, now=None) -> CheckInFigures:
    """Held against agreed (see `CheckInFigures`). One query."""
    row = counted_checkins(viewer, scope, period, now=now).aggregate(**_checkin_aggregates())
    return CheckInFigures(**row)


PULSE_SHORT = {PulseSide.RECRUITING: "Recruiter side", PulseSide.HIRING: "Hiring side"}
MIN_PULSE_ANSWERS = 2  # as checkins.records.MIN_ANSWERS_SHOWN: never who said what


@dataclass(frozen=True)
class PulseFigure:
    """The relationship pulse of one side: the average of its 1–5 answers to check-ins held
    in the period, and how many answers that is."""

    side: str
    average: float | None
    answers: int

    @property
    def label(self) -> str:
        return PulseSide(self.side).label

    @property
    def short_label(self) -> str:
        return PULSE_SHORT[self.side]


def _visible_pulse_answers(viewer, requisitions):
    """The pulse answers a viewer may count. HR leads, admins and HR generalists see every
    answer of their searches (as on the check-ins tab); anyone else sees their own answers
    and, of the other answers, only those of check-ins with at least MIN_PULSE_ANSWERS on
    that side (so a single answer is never read back to its author's counterpart)."""
    answers = PulseAnswer.objects.filter(requisition__in=requisitions)
    if sees_everyone(viewer):
        return answers
    hr_on = HiringTeamMember.objects.filter(
        requisition=OuterRef("requisition"), user=viewer, role=TeamRole.HR_GENERALIST
    )
    enough = (
        PulseAnswer.objects.filter(checkin=OuterRef("checkin"), side=OuterRef("side"))
        .values("checkin")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_PULSE_ANSWERS)
    )
    return answers.filter(Q(Exists(hr_on)) | Q(person=viewer) | Q(Exists(enough)))


def pulse_figures(viewer, scope: Scope, period: Period) -> list[PulseFigure]:
    """Each side's average pulse (see `PulseFigure`), from the answers the viewer may count.
    One query."""
    rows = {
        row["side"]: row
        for row in _visible_pulse_answers(viewer, scope_requisitions(viewer, scope))
        .filter(checkin__starts_at__gte=period.start, checkin__starts_at__lt=period.end)
        .values("side")
        .annotate(total=Sum("score"), answers=Count("pk"))
        .order_by()
    }
    figures = []
    for side in PulseSide.values:
        row = rows.get(side)
        average = round(row["total"] / row["answers"], 1) if row and row["answers"] else None
        figures.append(
            PulseFigure(side=side, average=average, answers=row["answers"] if row else 0)
        )
    return figures


# --- the pair scoreboard --------------------------------------------------------------------
# What each side signed up to, side by side (issue 17): the hiring side's reviews and
# interview feedback, the recruiter side's first shortlist and weekly status updates.
SCOREBOARD_KINDS = (
    (CommitmentKind.REVIEW_CANDIDATE, HIRING_SIDE, "Reviews"),
    (CommitmentKind.INTERVIEW_FEEDBACK, HIRING_SIDE, "Interview feedback"),
    (CommitmentKind.PRESENT_SHORTLIST, RECRUITER_SIDE, "First shortlist"),
    (CommitmentKind.STATUS_UPDATE, RECRUITER_SIDE, "Status updates"),
)
PAIR_SIDES = (RECRUITER_SIDE, HIRING_SIDE)
SLIPPING_BELOW = 80  # on-time %: a side under it "slipped" (the weekly email names the pair)


def _with_pair(queryset, path: str):
    """Annotate each row with the current recruiter and hiring manager of its search
    (`path` leads from the row to the requisition's team): one join each, no subquery."""
    return queryset.annotate(
        pair_recruiter=FilteredRelation(path, condition=Q(**{f"{path}__role": TeamRole.RECRUITER})),
        pair_manager=FilteredRelation(
            path, condition=Q(**{f"{path}__role": TeamRole.HIRING_MANAGER})
        ),
    ).filter(pair_recruiter__isnull=False, pair_manager__isnull=False)


@dataclass
class PairRow:
    """One recruiter and one hiring manager and what they owe each other.

    - **sides**: each side's `Tally` over every kind it owes on the pair's searches (the
      hiring side includes the interviewers' feedback);
    - **kinds**: the `Tally` of each SCOREBOARD_KINDS kind;
    - **checkins**: `CheckInFigures` of the pair's searches; **pulse**: each side's
      `PulseFigure`;
    - **slipped**: a side's on-time % is under SLIPPING_BELOW;
    - **trend**: on-time % per side per week (`weekly_on_time`), for the rows on the page.
    """

    recruiter_id: int
    manager_id: int
    sides: dict[str, Tally] = field(default_factory=dict)
    kinds: dict[str, Tally] = field(default_factory=dict)
    checkins: CheckInFigures = field(default_factory=CheckInFigures)
    pulse: dict[str, PulseFigure] = field(default_factory=dict)
    trend: list[WeekPoint] = field(default_factory=list)
    recruiter: object = None
    hiring_manager: object = None

    def side(self, side: str) -> Tally:
        return self.sides.get(side) or Tally()

    def kind(self, kind: str) -> Tally:
        return self.kinds.get(kind) or Tally()

    def kind_cells(self, side: str) -> list[tuple[str, str, Tally]]:
        """(kind, label, Tally) of the SCOREBOARD_KINDS a side owes, in their order."""
        return [(kind, label, self.kind(kind)) for kind, s, label in SCOREBOARD_KINDS if s == side]

    @property
    def recruiter_kinds(self):
        return self.kind_cells(RECRUITER_SIDE)

    @property
    def hiring_kinds(self):
        return self.kind_cells(HIRING_SIDE)

    @property
    def pulse_figures(self) -> list[PulseFigure]:
        """Both sides, recruiter side first; a side nobody answered for has no average."""
        return [
            self.pulse.get(side) or PulseFigure(side=side, average=None, answers=0)
            for side in PulseSide.values
        ]

    @property
    def worst_on_time(self) -> int | None:
        values = [t.on_time_pct for t in self.sides.values() if t.on_time_pct is not None]
        return min(values) if values else None

    @property
    def slipped(self) -> bool:
        worst = self.worst_on_time
        return worst is not None and worst < SLIPPING_BELOW

    @property
    def key(self) -> tuple[int, int]:
        return (self.recruiter_id, self.manager_id)


PAIR_SORTS = {
    "slipping": "Slipping first",
    "recruiter": "Recruiter side on time",
    "hiring": "Hiring side on time",
    "checkins": "Check-ins held",
    "name": "Names",
}


def pair_rows(
    viewer, scope: Scope, period: Period, *, sort="slipping", member=None, now=None
) -> list[PairRow]:
    """Every pair that worked together in the period (a commitment settled or a check-in on
    one of their searches), as `viewer` may see them: HR leads and admins every pair in the
    scope, anyone else the pairs they are one of; only those `member` is one of, if given.
    Three grouped queries and one for the people, whatever the number of pairs; sorted by
    `sort` (PAIR_SORTS)."""
    now = now or timezone.now()
    base = Scope(kind=ORGANISATION, department=scope.department)
    if scope.kind == PAIR:
        base = scope
    mine = Q()
    for person in (None if sees_everyone(viewer) else viewer, member):
        if person is not None:
            mine &= Q(pair_recruiter__user=person) | Q(pair_manager__user=person)
    pairs: dict[tuple[int, int], PairRow] = {}

    def row_for(values):
        key = (values["r"], values["m"])
        if key not in pairs:
            pairs[key] = PairRow(recruiter_id=key[0], manager_id=key[1])
        return pairs[key]

    commitments = (
        _with_pair(counted_commitments(viewer, base, period), "requisition__team_members")
        .filter(mine)
        .values("kind", "party", r=F("pair_recruiter__user"), m=F("pair_manager__user"))
        .annotate(**tally_aggregates(now))
        .order_by()
    )
    for values in commitments:
        row = row_for(values)
        tally = Tally.from_row(values)
        side = side_of(values["party"])
        row.sides.setdefault(side, Tally()).add(tally)
        if any(kind == values["kind"] and s == side for kind, s, _l in SCOREBOARD_KINDS):
            row.kinds.setdefault(values["kind"], Tally()).add(tally)
    checkins = (
        _with_pair(counted_checkins(viewer, base, period, now=now), "requisition__team_members")
        .filter(mine)
        .values(r=F("pair_recruiter__user"), m=F("pair_manager__user"))
        .annotate(**_checkin_aggregates())
        .order_by()
    )
    for values in checkins:
        row_for(values).checkins = CheckInFigures(
            agreed=values["agreed"],
            held=values["held"],
            missed=values["missed"],
            cancelled=values["cancelled"],
        )
    answers = (
        _with_pair(
            _visible_pulse_answers(viewer, scope_requisitions(viewer, base)),
            "requisition__team_members",
        )
        .filter(mine, checkin__starts_at__gte=period.start, checkin__starts_at__lt=period.end)
        .values("side", r=F("pair_recruiter__user"), m=F("pair_manager__user"))
        .annotate(total=Sum("score"), answers=Count("pk"))
        .order_by()
    )
    for values in answers:
        if (values["r"], values["m"]) not in pairs:
            continue  # a pulse alone, with nothing owed or agreed in the period
        pairs[(values["r"], values["m"])].pulse[values["side"]] = PulseFigure(
            side=values["side"],
            average=round(values["total"] / values["answers"], 1),
            answers=values["answers"],
        )
    if scope.kind == PAIR:
        pairs = {
            k: v for k, v in pairs.items() if k == (scope.recruiter.pk, scope.hiring_manager.pk)
        }
    _attach_people(pairs.values())
    return sort_pairs(list(pairs.values()), sort)


def _attach_people(rows):
    ids = {pk for row in rows for pk in row.key}
    people = User.objects.in_bulk(ids)
    for row in rows:
        row.recruiter, row.hiring_manager = people[row.recruiter_id], people[row.manager_id]


def _missing_last(value, *, descending=False):
    if value is None:
        return (1, 0)
    return (0, -value if descending else value)


def sort_pairs(rows: list[PairRow], sort: str) -> list[PairRow]:
    def names(row):
        return (row.recruiter.display_name.casefold(), row.hiring_manager.display_name.casefold())

    if sort == "name":
        return sorted(rows, key=names)
    if sort in PAIR_SIDES:
        return sorted(rows, key=lambda r: (_missing_last(r.side(sort).on_time_pct), names(r)))
    if sort == "checkins":
        return sorted(rows, key=lambda r: (_missing_last(r.checkins.held_pct), names(r)))
    return sorted(rows, key=lambda r: (_missing_last(r.worst_on_time), names(r)))


def attach_trends(viewer, rows: list[PairRow], scope: Scope, period: Period, *, now=None) -> None:
    """On-time % per side per week for these pairs (the rows on one page): one query."""
    if not rows:
        return
    now = now or timezone.now()
    zone = organisation_zone()
    wanted = {row.key: row for row in rows}
    values = (
        _with_pair(counted_commitments(viewer, Scope(), period), "requisition__team_members")
        .filter(
            pair_recruiter__user__in={k[0] for k in wanted},
            pair_manager__user__in={k[1] for k in wanted},
        )
        .annotate(week=TruncWeek(settled_at(), tzinfo=zone), side=_side_expression())
        .values("week", "side", r=F("pair_recruiter__user"), m=F("pair_manager__user"))
        .annotate(**tally_aggregates(now))
        .order_by()
    )
    by_pair: dict[tuple, dict[date, dict[str, Tally]]] = defaultdict(lambda: defaultdict(dict))
    for value in values:
        key = (value["r"], value["m"])
        if key not in wanted:
            continue
        week = value["week"]
        week = week.astimezone(zone).date() if isinstance(week, datetime) else week
        by_pair[key][week].setdefault(value["side"], Tally()).add(Tally.from_row(value))
    weeks = period.weeks()
    for key, row in wanted.items():
        row.trend = [WeekPoint(week=w, tallies=by_pair[key].get(w, {})) for w in weeks]


# --- the rows behind a figure ---------------------------------------------------------------
RUNNING = Q(state=OPEN, paused_at__isnull=True)
OUTCOMES = {
    "due": "Due",
    "decided": "Settled (met, or overdue now): what on-time % is of",
    "on_time": "Met on time",
    "met_late": "Met late",
    "late": "Late (met late or overdue now)",
    "overdue": "Overdue now",
    "waiting": "Not due yet",
    "waived": "Waived",
    "declined": "Declined by its owner (reason accepted)",
    "extended": "Extended (counted against the new deadline)",
    "paused": "Paused (the search is on hold)",
}


def _outcome_filter(outcome: str, now) -> Q:
    met_late = Q(state=MET, met_at__gt=F("due_at"))
    overdue = RUNNING & Q(due_at__lt=now)
    return {
        "due": ~Q(state=OPEN, paused_at__isnull=False),
        "decided": Q(state=MET) | overdue,
        "on_time": Q(state=MET, met_at__lte=F("due_at")),
        "met_late": met_late,
        "late": met_late | overdue,
        "overdue": overdue,
        "waiting": RUNNING & Q(due_at__gte=now),
        "waived": Q(state=WAIVED),
        "declined": Q(state=DECLINED),
        "extended": Q(extensions__gt=0) & ~Q(state=OPEN, paused_at__isnull=False),
        "paused": Q(state=OPEN, paused_at__isnull=False),
    }.get(outcome, Q())


def commitment_rows(
    viewer, scope: Scope, period: Period, *, kind="", side="", outcome="", now=None
):
    """The commitments behind a commitment figure: the same rows `commitment_figures`
    counts, narrowed to one kind, side and outcome (OUTCOMES), latest settled first."""
    now = now or timezone.now()
    rows = counted_commitments(viewer, scope, period)
    if kind:
        rows = rows.filter(kind=kind)
    if side in SIDE_LABELS:
        parties = [party for party, s in SIDE_OF_PARTY.items() if s == side]
        rows = (
            rows.filter(party__in=parties)
            if side != OTHERS
            else rows.exclude(party__in=list(SIDE_OF_PARTY))
        )
    return (
        rows.filter(_outcome_filter(outcome, now))
        .annotate(settled_on=settled_at())
        .select_related("requisition", "owner", "late_owner")
        .order_by("-settled_on", "-pk")
    )


CHECKIN_STATES = {
    "agreed": "Agreed",
    "held": "Held",
    "missed": "Missed",
    "cancelled": "Cancelled by hand",
    "unrecorded": "Not recorded yet",
}


def checkin_rows(viewer, scope: Scope, period: Period, *, state="", now=None):
    """The check-ins behind `checkin_figures`, narrowed to one state (CHECKIN_STATES)."""
    rows = counted_checkins(viewer, scope, period, now=now)
    if state == "unrecorded":
        rows = rows.filter(state=CheckIn.State.SCHEDULED)
    elif state in ("held", "missed", "cancelled"):
        rows = rows.filter(state=state)
    return rows.select_related("requisition", "recorded_by").order_by("-starts_at", "-pk")


def outcome_of(commitment: Commitment, now: datetime) -> str:
    """The outcome a row is counted under (Tally's words)."""
    if commitment.state == MET:
        return "Met on time" if commitment.met_at <= commitment.due_at else "Met late"
    if commitment.state == WAIVED:
        return "Waived"
    if commitment.state == DECLINED:
        return "Declined"
    if commitment.state == Commitment.State.WITHDRAWN:
        return "Withdrawn"
    if commitment.paused_at is not None:
        return "Paused"
    return "Overdue now" if commitment.due_at < now else "Not due yet"


def business_duration(amount: timedelta | None) -> str:
    """9 business hours → "9 h"; 25 → "3 days 1 h" (a business day is 8 hours)."""
    if amount is None:
        return ""
    minutes = round(amount / timedelta(minutes=1))
    days, minutes = divmod(minutes, 8 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return " ".join(parts) or "at once"


# --- the searches: time to fill and to shortlist, stages, funnel, offers, surveys -----------
def searches_of(viewer, scope: Scope):
    """The searches a scope's search figures are about: its requisitions, and for a person
    those where they hold a lead part now (recruiter, HR generalist, hiring manager)."""
    searches = scope_requisitions(viewer, scope)
    if scope.kind == PERSON:
        searches = searches.filter(
            Exists(
                HiringTeamMember.objects.filter(
                    requisition=OuterRef("pk"), user=scope.person, role__in=LEAD_ROLES
                )
            )
        )
    return searches


def nearest_rank(values: list, share: float):
    """The `share` percentile of `values` by nearest rank (the value at position ⌈share·n⌉
    of the sorted list); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


@dataclass(frozen=True)
class Spread:
    """How many, their median and their 90th percentile (nearest rank), in days."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(len(values), nearest_rank(values, 0.5), nearest_rank(values, 0.9))


DAY = timedelta(days=1)
FILL_BUCKETS = (30, 45, 60, 90, 120, 180)  # calendar days, for the time-to-fill chart


def hold_spans(requisition_ids) -> dict[int, list[tuple[datetime, datetime | None]]]:
    """When each search was on hold, from its journal (every move is journaled once by
    hiring.lifecycle.move_requisition with its from and to states): [(held, reopened)]."""
    spans: dict[int, list] = defaultdict(list)
    moves = (
        Activity.objects.filter(
            requisition_id__in=requisition_ids, kind=Activity.Kind.STATE_CHANGED
        )
        .order_by("requisition_id", "created_at", "pk")
        .values_list("requisition_id", "created_at", "details")
    )
    for requisition_id, at, details in moves:
        details = details if isinstance(details, dict) else {}
        held = spans[requisition_id]
        if details.get("to") == Requisition.State.ON_HOLD:
            held.append((at, None))
        elif details.get("from") == Requisition.State.ON_HOLD and held and held[-1][1] is None:
            held[-1] = (held[-1][0], at)
    return spans


@dataclass
class FillFigures:
    """**Time to fill**: for the searches filled in the period, from opening to filling, in
    calendar days and in business days (`commitments.business_time`), the time on hold
    taken out of both (holds read from the journal); median and 90th percentile by nearest
    rank, and how many took up to 30, 45, 60, 90, 120, 180 days or more (calendar)."""

    calendar: Spread
    business: Spread
    distribution: list[tuple[str, int]]


def time_to_fill(viewer, scope: Scope, period: Period) -> FillFigures:
    """Two queries: the searches filled in the period, and their moves (for the holds)."""
    filled = list(
        searches_of(viewer, scope)
        .filter(
            state=Requisition.State.FILLED,
            opened_at__isnull=False,
            closed_at__gte=period.start,
            closed_at__lt=period.end,
        )
        .only("pk", "opened_at", "closed_at", "time_zone", "country")
    )
    holds = hold_spans([r.pk for r in filled])
    calendar_days, business_days = [], []
    for search in filled:
        calendar = BusinessCalendar.for_requisition(search)
        wall = search.closed_at - search.opened_at
        business = calendar.between(search.opened_at, search.closed_at)
        for held, reopened in holds.get(search.pk, []):
            held, reopened = (
                max(held, search.opened_at),
                min(reopened or search.closed_at, search.closed_at),
            )
            if reopened > held:
                wall -= reopened - held
                business -= calendar.between(held, reopened)
        calendar_days.append(round(wall / DAY, 1))
        business_days.append(round(business / BUSINESS_DAY, 1))
    distribution, lower = [], 0
    for upper in FILL_BUCKETS:
        label = f"up to {upper} days" if not lower else f"{lower + 1}–{upper} days"
        distribution.append(
            (label, sum(lower < d <= upper or d == lower == 0 for d in calendar_days))
        )
        lower = upper
    distribution.append((f"over {lower} days", sum(d > lower for d in calendar_days)))
    return FillFigures(Spread.of(calendar_days), Spread.of(business_days), distribution)


def time_to_shortlist(viewer, scope: Scope, period: Period) -> Spread:
    """**Time to first shortlist**: for the first shortlists presented in the period, the
    business time from the agreement coming into force to the last of the agreed number of
    candidates submitted (the "present the first shortlist" commitment's `met_in`: time on
    hold left out), in business days. One query."""
    took = Commitment.objects.filter(
        requisition__in=searches_of(viewer, scope),
        kind=CommitmentKind.PRESENT_SHORTLIST,
        state=MET,
        met_at__gte=period.start,
        met_at__lt=period.end,
        met_in__isnull=False,
    ).values_list("met_in", flat=True)
    return Spread.of([round(t / BUSINESS_DAY, 1) for t in took])


STAGE_ORDER = (Stage.APPLIED, Stage.SCREENING, Stage.SUBMITTED, Stage.INTERVIEW, Stage.OFFER)
STAGE_NAMES = {
    Stage.APPLIED: "Applied",
    Stage.SCREENING: "Screening",
    Stage.SUBMITTED: "With the manager",
    Stage.INTERVIEW: "Interviews",
    Stage.OFFER: "At offer",
}


def time_in_stage(viewer, scope: Scope, period: Period) -> list[tuple[str, Spread]]:
    """**Time in each stage**: for every stay in a stage that began in the period and has
    ended, the calendar days from the move into it to the next move (the stage history,
    `pipeline.StageChange`), per stage still in play; median and 90th percentile by nearest
    rank. One query (the next move is found through the history's index per candidate)."""
    following = StageChange.objects.filter(
        application=OuterRef("application"), at__gt=OuterRef("at")
    ).order_by("at", "pk")
    stays = (
        StageChange.objects.filter(
            application__requisition__in=searches_of(viewer, scope),
            to_stage__in=STAGE_ORDER,
            at__gte=period.start,
            at__lt=period.end,
        )
        .annotate(left_at=Subquery(following.values("at")[:1]))
        .filter(left_at__isnull=False)
        .values_list("to_stage", "at", "left_at")
    )
    days: dict[str, list[float]] = defaultdict(list)
    for stage, entered, left in stays:
        days[stage].append(round((left - entered) / DAY, 1))
    return [(STAGE_NAMES[s], Spread.of(days[s])) for s in STAGE_ORDER if days.get(s)]


@dataclass
class Funnel:
    """**Funnel**: of the candidates added in the period, how many were submitted to the
    hiring manager, interviewed (an interview that has taken place), offered and hired; each
    step's conversion from the one before. **Shortlist to hire**: candidates submitted per
    hire."""

    steps: list[tuple[str, int, int | None]]  # (label, count, % of the step before)

    @property
    def submitted_per_hire(self) -> float | None:
        counts = {label: n for label, n, _p in self.steps}
        hired, submitted = counts.get("Hired", 0), counts.get("Submitted", 0)
        return round(submitted / hired, 1) if hired else None


def funnel(viewer, scope: Scope, period: Period, *, now=None) -> Funnel:
    """One query over the candidates added in the period."""
    now = now or timezone.now()
    interviewed = Interview.objects.filter(
        application=OuterRef("pk"), state=Interview.State.SCHEDULED, starts_at__lt=now
    )
    offered = Offer.objects.filter(application=OuterRef("pk"))
    row = (
        Application.objects.filter(
            requisition__in=searches_of(viewer, scope),
            created_at__gte=period.start,
            created_at__lt=period.end,
        )
        .annotate(was_interviewed=Exists(interviewed), was_offered=Exists(offered))
        .aggregate(
            added=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            interviewed=Count("pk", filter=Q(was_interviewed=True)),
            offered=Count("pk", filter=Q(was_offered=True)),
            hired=Count("pk", filter=Q(stage=Stage.HIRED)),
        )
    )
    labels = [
        ("added", "Added"),
        ("submitted", "Submitted"),
        ("interviewed", "Interviewed"),
        ("offered", "Offered"),
        ("hired", "Hired"),
    ]
    steps, before = [], None
    for key, label in labels:
        count = row[key]
        steps.append((label, count, round(100 * count / before) if before else None))
        before = count
    return Funnel(steps)


@dataclass(frozen=True)
class OfferFigures:
    """**Offer acceptance**: of the offers answered in the period, the share accepted."""

    accepted: int
    declined: int

    @property
    def acceptance_pct(self) -> int | None:
        answered = self.accepted + self.declined
        return round(100 * self.accepted / answered) if answered else None


def offer_figures(viewer, scope: Scope, period: Period) -> OfferFigures:
    row = Offer.objects.filter(
        requisition__in=searches_of(viewer, scope),
        closed_at__gte=period.start,
        closed_at__lt=period.end,
    ).aggregate(
        accepted=Count("pk", filter=Q(state=Offer.State.ACCEPTED)),
        declined=Count("pk", filter=Q(state=Offer.State.DECLINED)),
    )
    return OfferFigures(**row)


def survey_figures(viewer, scope: Scope, period: Period) -> tuple[int, list[tuple[str, float]]]:
    """**Candidate survey**: each question's average over the surveys answered in the period
    about the scope's searches (for a person, the surveys that rate them) — only from
    `interviews.surveys.MINIMUM_ANSWERS` answers on, as everywhere, so no single
    candidate's answer is ever shown. (answers, [(question, average)]). One query."""
    surveys = Survey.objects.answered().filter(
        interview__requisition__in=scope_requisitions(viewer, scope),
        answered_at__gte=period.start,
        answered_at__lt=period.end,
    )
    if scope.kind == PERSON:
        surveys = surveys.filter(Q(recruiter=scope.person) | Q(hiring_manager=scope.person))
    row = surveys.aggregate(answers=Count("pk"), **{q: Avg(q) for q in Survey.QUESTIONS})
    if row["answers"] < MINIMUM_ANSWERS:
        return row["answers"], []
    return row["answers"], [
        (text, round(row[q], 1)) for q, text in Survey.QUESTIONS.items() if row[q] is not None
    ]


FUNNEL_STEPS = {
    "added": "Added",
    "submitted": "Submitted",
    "interviewed": "Interviewed",
    "offered": "Offered",
    "hired": "Hired",
}


def application_rows(viewer, scope: Scope, period: Period, *, step="added", now=None):
    """The candidates behind a funnel step, as the viewer may see them (an agency recruiter
    only those they sourced: `Application.objects.visible_to`)."""
    now = now or timezone.now()
    rows = Application.objects.visible_to(viewer).filter(
        requisition__in=searches_of(viewer, scope),
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    if step == "submitted":
        rows = rows.filter(submitted_at__isnull=False)
    elif step == "interviewed":
        rows = rows.filter(
            Exists(
                Interview.objects.filter(
                    application=OuterRef("pk"), state=Interview.State.SCHEDULED, starts_at__lt=now
                )
            )
        )
    elif step == "offered":
        rows = rows.filter(Exists(Offer.objects.filter(application=OuterRef("pk"))))
    elif step == "hired":
        rows = rows.filter(stage=Stage.HIRED)
    return rows.select_related("candidate", "requisition").order_by("-created_at", "-pk")


def filled_rows(viewer, scope: Scope, period: Period):
    """The searches behind time to fill: filled in the period."""
    return (
        searches_of(viewer, scope)
        .filter(
            state=Requisition.State.FILLED,
            opened_at__isnull=False,
            closed_at__gte=period.start,
            closed_at__lt=period.end,
        )
        .order_by("-closed_at", "-pk")
    )
