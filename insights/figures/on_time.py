"""The commitment figures: due, met on time or late, overdue now, on-time %, business time
to meet by step; per kind and side, and per week (see `Tally`)."""

from __future__ import annotations

import math
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connections
from django.db.models import Count, F, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce, Least, TruncWeek
from django.utils import timezone

from commitments.models import TALLY_STEP_HOURS, Commitment, CommitmentTally, DepartmentTally
from commitments.service_terms import CommitmentKind
from hiring.models import TeamRole

from .kept import Kept, unstamped
from .scopes import (
    ORGANISATION,
    PERSON,
    SIDE_LABELS,
    SIDE_ORDER,
    Period,
    Scope,
    organisation_zone,
    scope_requisitions,
    sees_everyone,
    side_of,
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


# 1, 2, 4 hours; 1, 2, 3, 5, 10, 15, 20, 30 business days: the summary rows keep how many
# were met within each (`CommitmentTally.within_<i>`), so medians and percentiles are read
# to one of these steps, never finer, whichever rows they come from.
STEPS = tuple(Step(timedelta(hours=h)) for h in TALLY_STEP_HOURS)
_WITHIN = operator.itemgetter(*(f"within_{i}" for i in range(len(STEPS))))
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
        self.within = list(map(operator.add, self.within, other.within))
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
            within=list(_WITHIN(row)),
        )


MET, OPEN, WAIVED = Commitment.State.MET, Commitment.State.OPEN, Commitment.State.WAIVED
DECLINED = Commitment.State.DECLINED
PAUSED = Q(state=OPEN, paused_at__isnull=False)


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
        "extended": Count("pk", filter=Q(extensions__gt=0) & ~PAUSED),
    }
    for i, step in enumerate(STEPS):
        aggregates[f"within_{i}"] = Count("pk", filter=Q(state=MET, met_in__lte=step.limit))
    return aggregates


def answerable_is(person) -> Q:
    """Commitments a person answers for (see "Hand-over")."""
    return Q(late_owner=person) | Q(late_owner__isnull=True, owner=person)


def settled_at():
    """When a commitment's outcome was settled: its deadline, or the moment it was met or
    waived if that came first; never later than `due_at`. A period's commitments are found
    through `commitment_settled_at_idx`, an index on this very expression (commitments
    migration 0010, with statistics on it so the planner knows how many a period holds):
    the expression here and the index's must stay the same."""
    return Least(F("due_at"), Coalesce(F("met_at"), F("waived_at"), F("due_at")))


def counted_commitments(viewer, scope: Scope, period: Period, *, ranges=None):
    """The commitments behind every commitment figure of a scope and period: settled in the
    period (see `Tally`), not withdrawn, on the requisitions the viewer may see in the
    scope; for a person, those they answer for. `ranges` narrows the period to these
    [start, end) spans of it (the edges `tallied` does not read from summary rows)."""
    settled = Q(settled__gte=period.start, settled__lt=period.end)
    if ranges is not None:
        settled = Q(pk__in=[])
        for start, end in ranges:
            settled |= Q(settled__gte=start, settled__lt=end)
    rows = (
        Commitment.objects.filter(
            requisition__in=scope_requisitions(viewer, scope),
            # settled_at <= due_at, so nothing settled in the period fell due before it.
            due_at__gte=period.start,
        )
        .alias(settled=settled_at())
        .filter(settled)
        .exclude(state=Commitment.State.WITHDRAWN)
    )
    if scope.kind == PERSON:
        rows = rows.filter(answerable_is(scope.person))
    return rows


# --- summary rows ---------------------------------------------------------------------------
def whole_weeks(period: Period, now: datetime) -> tuple[datetime, datetime] | None:
    """[first Monday, last Monday) of the period's weeks that lie wholly inside it and wholly
    before `now` (organisation's zone): those are read from the summary rows. None when no
    week does."""
    zone = organisation_zone()
    first = period.start.astimezone(zone)
    monday = first.date() - timedelta(days=first.weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=zone)
    if start < period.start:
        start = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=zone)
    last = min(period.end, now).astimezone(zone)
    end_day = last.date() - timedelta(days=last.weekday())
    end = datetime.combine(end_day, datetime.min.time(), tzinfo=zone)
    return (start, end) if start < end else None


def _summed() -> dict:
    """The aggregates of summary rows behind a Tally: in a week wholly past, an open running
    commitment (due that week) is overdue now, and none is waiting."""
    names = ["met_on_time", "met_late", "waived", "paused", "declined", "extended"]
    summed = {name: Sum(name) for name in names}
    summed["overdue"] = Sum("open_running")
    for i in range(len(STEPS)):
        summed[f"within_{i}"] = Sum(f"within_{i}")
    return summed


def _pair_of(queryset, path: str):
    """Each row's search's current recruiter and hiring manager (one join each)."""
    return queryset.annotate(
        pair_recruiter=FilteredRelation(path, condition=Q(**{f"{path}__role": TeamRole.RECRUITER})),
        pair_manager=FilteredRelation(
            path, condition=Q(**{f"{path}__role": TeamRole.HIRING_MANAGER})
        ),
    ).filter(pair_recruiter__isnull=False, pair_manager__isnull=False)


def tallied(
    viewer,
    scope: Scope,
    period: Period,
    *,
    now: datetime,
    by: tuple[str, ...],
    pair: bool = False,
    narrow: Q | None = None,
    keys: dict | None = None,
) -> list[dict]:
    """The counts of a `Tally` grouped `by` ("week", "kind", "party"; with `pair`, also "r"
    and "m": the search's current recruiter and hiring manager), as dicts for
    `Tally.from_row`, for the commitments `counted_commitments` names — the same figures as
    aggregating those rows, read mostly from the summary rows (`CommitmentTally`).

    The period's whole weeks that are past (`whole_weeks`) come from the summary rows —
    for HR leads and admins looking at the organisation or a department, the department
    summaries (`DepartmentTally`, on PostgreSQL: a few thousand rows a year whatever the
    number of searches), otherwise the searches' (`CommitmentTally`, on the requisitions the viewer
    may see); the edges (the
    part of the first week inside the period, the current week) come from the commitments
    themselves through `commitment_settled_at_idx`. Two queries, the edges first; one when
    the summary rows' read was kept under the versions the edges' query found (`kept`:
    PostgreSQL, never stale). `narrow` filters both (a
    Q on the requisition's path and, with `pair`, on pair_recruiter / pair_manager); a
    person's scope reads only what they answer for. Rows of the two parts are not merged:
    callers add them up (the counts of a Tally add). `keys` groups by expressions too
    ({name: expression} on the columns both tables have: kind, party), so a caller that
    needs fewer groups than kinds × parties gets fewer rows."""
    weeks = whole_weeks(period, now)
    zone = organisation_zone()
    ranges = [(period.start, period.end)]
    fields, named = _grouping(by, pair, keys)
    summary, kept = None, None
    if weeks is not None:
        start, end = weeks
        ranges = [(period.start, start), (end, period.end)]
        weeks_in = Q(week__gte=start.date(), week__lt=end.date())
        if (
            scope.kind == ORGANISATION
            and not pair
            and narrow is None
            and sees_everyone(viewer)
            and connections[DepartmentTally.objects.db].vendor == "postgresql"
        ):
            # Every search of the organisation or a department: its department's rows.
            summary = DepartmentTally.objects.filter(weeks_in)
            if scope.department:
                summary = summary.filter(department__iexact=scope.department)
        else:
            summary = CommitmentTally.objects.filter(
                weeks_in, requisition__in=scope_requisitions(viewer, scope)
            )
        if scope.kind == PERSON:
            summary = summary.filter(answerable=scope.person)
        if pair:
            summary = _pair_of(summary, "requisition__team_members")
        if narrow is not None:
            summary = summary.filter(narrow)
        summary = summary.values(*fields, **named).annotate(**_summed()).order_by()
        kept = Kept.of(
            viewer, scope, weeks, by=by, pair=pair, narrow=narrow, keys=keys, using=summary.db
        )
    raw = counted_commitments(viewer, scope, period, ranges=ranges)
    if pair:
        raw = _pair_of(raw, "requisition__team_members")
    if narrow is not None:
        raw = raw.filter(narrow)
    if "week" in by:
        raw = raw.annotate(week=TruncWeek(settled_at(), tzinfo=zone))
    edges = raw.values(*fields, **named).annotate(**tally_aggregates(now)).order_by()
    if kept is not None:
        # The edges' query reads the summary rows' versions too (see `kept`).
        edges = edges.annotate(**kept.stamp())
    rows = list(edges)
    if summary is not None:
        found = kept.get(rows) if kept is not None else None
        if found is None:
            found = list(summary.annotate(**kept.stamp()) if kept is not None else summary)
            for row in found:
                row["waiting"] = 0
                if "week" in row:
                    row["week"] = _monday(row["week"], zone)
            if kept is not None:
                kept.put(found)
        rows = unstamped(found) + rows
    for row in unstamped(rows):
        if "week" in row:
            row["week"] = _monday(row["week"], zone)
    return rows


def _grouping(by, pair, keys=None) -> tuple[list[str], dict]:
    named = {"r": F("pair_recruiter__user"), "m": F("pair_manager__user")} if pair else {}
    named.update(keys or {})
    return [name for name in by if name not in named], named


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
    90th percentile of business time to meet (all as in `Tally`), per kind and side. Two
    queries (`tallied`)."""
    now = now or timezone.now()
    by_kind_side: dict[tuple[str, str], Tally] = {}
    for row in tallied(viewer, scope, period, now=now, by=("kind", "party")):
        key = (row["kind"], side_of(row["party"]))
        by_kind_side.setdefault(key, Tally()).add(Tally.from_row(row))
    return _figures_of(by_kind_side)


def _figures_of(by_kind_side: dict[tuple[str, str], Tally]) -> CommitmentFigures:
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
    zone), for the trend chart: the `Tally` definition applied to each week. Two queries."""
    now = now or timezone.now()
    by_week: dict[date, dict[str, Tally]] = defaultdict(dict)
    for row in tallied(viewer, scope, period, now=now, by=("week", "party")):
        by_week[row["week"]].setdefault(side_of(row["party"]), Tally()).add(Tally.from_row(row))
    return [WeekPoint(week=w, tallies=by_week.get(w, {})) for w in period.weeks()]


def _monday(week, zone) -> date:
    return week.astimezone(zone).date() if isinstance(week, datetime) else week


def commitment_figures_and_weeks(
    viewer, scope: Scope, period: Period, *, now=None
) -> tuple[CommitmentFigures, list[WeekPoint]]:
    """`commitment_figures` and `weekly_on_time` together, from one `tallied` read grouped
    by week, kind and party (a page that shows both reads the period's commitments once: the
    counts of a Tally add up, so the weeks sum to the kinds)."""
    now = now or timezone.now()
    by_kind_side: dict[tuple[str, str], Tally] = {}
    by_week: dict[date, dict[str, Tally]] = defaultdict(dict)
    for row in tallied(viewer, scope, period, now=now, by=("week", "kind", "party")):
        tally, side = Tally.from_row(row), side_of(row["party"])
        by_kind_side.setdefault((row["kind"], side), Tally()).add(tally)
        by_week[row["week"]].setdefault(side, Tally()).add(tally)
    weeks = [WeekPoint(week=w, tallies=by_week.get(w, {})) for w in period.weeks()]
    return _figures_of(by_kind_side), weeks
