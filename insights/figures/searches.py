"""The figures of the searches: time to fill and to the first shortlist, time in each stage,
the funnel, offer acceptance and the candidates' survey."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone

from commitments.business_time import BusinessCalendar
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.models import LEAD_ROLES, Activity, HiringTeamMember, Requisition
from interviews.models import Interview, Offer, Survey
from interviews.surveys import MINIMUM_ANSWERS
from pipeline.models import Application, Stage, StageChange

from .on_time import BUSINESS_DAY, MET
from .scopes import ORGANISATION, PERSON, Period, Scope, scope_requisitions


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
    ended, the calendar days from the move into it to the next move (the first later one in
    the stage history, `pipeline.StageChange`), per stage still in play; median and 90th
    percentile by nearest rank. One query.

    The next move is a window over each candidate's history since the period began (a move
    after a stay that began in the period is itself in that window), not a lookup per stay:
    a year of the large employer's history took 3 s one lookup at a time."""
    searches, params = searches_of(viewer, scope).values("pk").query.sql_with_params()
    changes = StageChange._meta.db_table
    applications = Application._meta.db_table
    stages = ", ".join(["%s"] * len(STAGE_ORDER))
    stays = f"""
        FROM (
            SELECT change.to_stage, change.at,
                   MIN(change.at) OVER (
                       PARTITION BY change.application_id ORDER BY change.at
                       RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP
                   ) AS left_at
            FROM {changes} change JOIN {applications} application
              ON application.id = change.application_id
            WHERE application.requisition_id IN ({searches}) AND change.at >= %s
        ) stays
        WHERE to_stage IN ({stages}) AND at < %s AND left_at IS NOT NULL
    """
    arguments = [*params, period.start, *STAGE_ORDER, period.end]
    if connection.vendor == "postgresql":
        # The median and 90th percentile by nearest rank in the database (percentile_disc
        # is the value at position ⌈share·n⌉, as `nearest_rank`), of the stays themselves:
        # rounding to a tenth of a day keeps their order, so the rounded percentile is the
        # percentile of the rounded days. Not a year's stays sent to Python to be sorted.
        spread = "percentile_disc(%s) WITHIN GROUP (ORDER BY left_at - at)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT to_stage, COUNT(*), {spread}, {spread} {stays} GROUP BY to_stage",
                [0.5, 0.9, *arguments],
            )
            found = {
                stage: Spread(count, round(median / DAY, 1), round(p90 / DAY, 1))
                for stage, count, median, p90 in cursor.fetchall()
            }
        return [(STAGE_NAMES[s], found[s]) for s in STAGE_ORDER if s in found]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT to_stage, at, left_at {stays}", arguments)
        stays = cursor.fetchall()
    days: dict[str, list[float]] = defaultdict(list)
    for stage, entered, left in stays:
        days[stage].append(round((_moment(left) - _moment(entered)) / DAY, 1))
    return [(STAGE_NAMES[s], Spread.of(days[s])) for s in STAGE_ORDER if days.get(s)]


def _moment(value) -> datetime:
    """A timestamp from a raw query: PostgreSQL gives datetimes, SQLite (the embedded
    default of `make run`) the stored text."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


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
    # "Has an interview that took place" and "has an offer" as IN (subquery): PostgreSQL
    # hashes each subquery once instead of probing it per candidate (a year of the large
    # employer's 46,000 candidates: two index probes each, 108 ms).
    # For a search, a person or a pair, each subquery is narrowed to the same candidates
    # (a few to hash); across the organisation or a department, hashing them whole is
    # cheaper than joining them to the candidates first.
    added = Q(
        requisition__in=searches_of(viewer, scope),
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    interviewed = Interview.objects.filter(state=Interview.State.SCHEDULED, starts_at__lt=now)
    offered = Offer.objects.all()
    if scope.kind != ORGANISATION:
        theirs = Application.objects.filter(added).values("pk")
        interviewed, offered = (
            interviewed.filter(application__in=theirs),
            offered.filter(application__in=theirs),
        )
    interviewed = interviewed.values("application_id")
    offered = offered.values("application_id")
    row = Application.objects.filter(added).aggregate(
        added=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        interviewed=Count("pk", filter=Q(pk__in=interviewed)),
        offered=Count("pk", filter=Q(pk__in=offered)),
        hired=Count("pk", filter=Q(stage=Stage.HIRED)),
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
    """Offers accepted and declined among those answered in the period (see
    `OfferFigures`), on the scope's searches. One query."""
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
