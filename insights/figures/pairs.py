"""The pair scoreboard: every recruiter and hiring manager who worked together, both
directions side by side on the terms they signed (HR's first page, issue 17)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, Sum, Value, When
from django.utils import timezone

from accounts.models import User
from checkins.models import PulseSide
from commitments.service_terms import CommitmentKind
from hiring.models import HiringTeamMember, TeamRole

from .on_time import Tally, WeekPoint, tallied
from .pulse import (
    CheckInFigures,
    PulseFigure,
    checkin_aggregates,
    counted_checkins,
    visible_pulse_answers,
)
from .scopes import (
    HIRING_SIDE,
    ORGANISATION,
    PAIR,
    RECRUITER_SIDE,
    SIDE_OF_PARTY,
    Period,
    Scope,
    scope_requisitions,
    sees_everyone,
    side_expression,
    side_of,
)

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


def _board_kind():
    """The SCOREBOARD_KINDS kind of a commitment owed by the side that kind is shown for,
    else "" (in SQL, to group by)."""
    return Case(
        *[
            When(
                Q(kind=kind, party__in=[p for p, s in SIDE_OF_PARTY.items() if s == side]),
                then=Value(str(kind)),
            )
            for kind, side, _label in SCOREBOARD_KINDS
        ],
        default=Value(""),
        output_field=CharField(),
    )


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
    Four grouped queries (the commitments' two: `tallied`) and one for the people, whatever
    the number of pairs; sorted by `sort` (PAIR_SORTS)."""
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

    # Grouped by side and scoreboard kind in SQL: a few rows per pair, not one per kind and
    # party (a year of 1,000 pairs is 11,000 of those).
    keys = {"side": side_expression(), "board": _board_kind()}
    commitments = tallied(viewer, base, period, now=now, by=(), pair=True, narrow=mine, keys=keys)
    for values in commitments:
        row = row_for(values)
        tally = Tally.from_row(values)
        _add_to(row.sides, values["side"], tally)
        if values["board"]:
            _add_to(row.kinds, values["board"], tally)
    checkins = (
        _with_pair(counted_checkins(viewer, base, period, now=now), "requisition__team_members")
        .filter(mine)
        .values(r=F("pair_recruiter__user"), m=F("pair_manager__user"))
        .annotate(**checkin_aggregates())
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
            visible_pulse_answers(viewer, scope_requisitions(viewer, base)),
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


def _add_to(tallies: dict, key, tally: Tally) -> None:
    found = tallies.get(key)
    if found is None:
        found = tallies[key] = Tally()
    found.add(tally)


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
    """On-time % per side per week for these pairs (the rows on one page): three queries
    (their searches, then those searches' summary rows and edges by week: `tallied`)."""
    if not rows:
        return
    now = now or timezone.now()
    wanted = {row.key: row for row in rows}
    recruiters, managers = {k[0] for k in wanted}, {k[1] for k in wanted}
    # Only the searches these pairs lead now (a few each; one query), read through the
    # commitments' index on their requisition instead of the organisation's whole period.
    leads: dict[int, dict[str, int]] = defaultdict(dict)
    for requisition_id, role, user_id in HiringTeamMember.objects.filter(
        Q(role=TeamRole.RECRUITER, user__in=recruiters)
        | Q(role=TeamRole.HIRING_MANAGER, user__in=managers)
    ).values_list("requisition_id", "role", "user_id"):
        leads[requisition_id][role] = user_id
    searches = [
        pk
        for pk, lead in leads.items()
        if (lead.get(TeamRole.RECRUITER), lead.get(TeamRole.HIRING_MANAGER)) in wanted
    ]
    narrow = Q(
        requisition_id__in=searches,
        pair_recruiter__user__in=recruiters,
        pair_manager__user__in=managers,
    )
    values = tallied(
        viewer, Scope(), period, now=now, by=("week", "party"), pair=True, narrow=narrow
    )
    by_pair: dict[tuple, dict[date, dict[str, Tally]]] = defaultdict(lambda: defaultdict(dict))
    for value in values:
        key = (value["r"], value["m"])
        if key not in wanted:
            continue
        side = side_of(value["party"])
        _add_to(by_pair[key][value["week"]], side, Tally.from_row(value))
    weeks = period.weeks()
    for key, row in wanted.items():
        row.trend = [WeekPoint(week=w, tallies=by_pair[key].get(w, {})) for w in weeks]
