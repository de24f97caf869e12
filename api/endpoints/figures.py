"""Is the agreement being kept? The figures of the insights pages, from the one place they
are defined (`insights.figures`), with the pages' rules of who sees what: the scope is
opened by the figures pages' own `scope_for` (a search you may not see is a 404, a person or
pair whose figures are not yours to see a 403), and every figure counts only the searches
you may see — a person sees their own, HR leads and admins everyone's, an agency recruiter
only their own searches'. The period is the pages' filter form: `period` 30, 90 or 365
(days back from now, 90 when not given) or `custom` with `start` and `end`."""

from django.core import signing
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from commitments.service_terms import CommitmentKind
from insights import figures as f
from insights.forms import FiguresFilterForm
from insights.views.figures import scope_for

from .. import figure_schemas as schemas
from ..errors import Refused, form_errors
from ..paging import MAX_LIMIT
from ..shapes import absolute, person

router = Router(tags=["figures"])

PAIRS_LIMIT = 25  # as many pairs as a page of the scoreboard shows
PAIRS_ON_A_SCOPE = 10  # as the figures page: the first ten pairs of an organisation or person
CURSOR_SALT = "api.figures.pairs"


class PeriodFilters(Schema):
    period: str | None = Field(None, max_length=10, description="30, 90, 365 or custom")
    start: str | None = Field(None, max_length=20, description="First day (custom): YYYY-MM-DD")
    end: str | None = Field(None, max_length=20, description="Last day (custom): YYYY-MM-DD")


class OrganisationFilters(PeriodFilters):
    department: str | None = Field(None, max_length=100, description="One department only")


class ScoreboardFilters(OrganisationFilters):
    sort: str | None = Field(
        None, max_length=20, description="slipping (the default), recruiter, hiring, checkins, name"
    )
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(PAIRS_LIMIT, ge=1, le=MAX_LIMIT)


def period_form(filters: Schema) -> FiguresFilterForm:
    """The pages' filter form over the query; its messages when it refuses."""
    query = QueryDict(mutable=True)
    for name in ("period", "start", "end", "department", "sort"):
        value = getattr(filters, name, None)
        if value:
            query[name] = value.replace("\x00", "")
    form = FiguresFilterForm(query)
    if not form.is_valid():
        raise Refused(form_errors(form))
    return form


# --- shapes ----------------------------------------------------------------------------------
def _step(value) -> str | None:
    return None if value is None else str(value)


def _tally(tally: f.Tally) -> dict:
    return {
        "due": tally.due,
        "met_on_time": tally.met_on_time,
        "met_late": tally.met_late,
        "overdue": tally.overdue,
        "waiting": tally.waiting,
        "waived": tally.waived,
        "declined": tally.declined,
        "paused": tally.paused,
        "extended": tally.extended,
        "on_time_pct": tally.on_time_pct,
        "met_pct": tally.met_pct,
        "median_to_meet": _step(tally.median),
        "p90_to_meet": _step(tally.p90),
    }


def _checkins(figures: f.CheckInFigures) -> dict:
    return {
        "agreed": figures.agreed,
        "held": figures.held,
        "missed": figures.missed,
        "cancelled": figures.cancelled,
        "unrecorded": figures.unrecorded,
        "held_pct": figures.held_pct,
    }


def _pulse(figures) -> list[dict]:
    return [
        {"side": p.side, "label": str(p.label), "average": p.average, "answers": p.answers}
        for p in figures
    ]


def _weeks(points, sides) -> list[dict]:
    return [{"week": p.week, "on_time_pct": {s: p.on_time(s) for s in sides}} for p in points]


def _pair(row: f.PairRow, *, trend: bool = False) -> dict:
    shaped = {
        "recruiter": person(row.recruiter),
        "hiring_manager": person(row.hiring_manager),
        "sides": {side: _tally(row.side(side)) for side in f.PAIR_SIDES},
        "kinds": [
            {"kind": kind, "label": label, "side": side, "tally": _tally(row.kind(kind))}
            for kind, side, label in f.SCOREBOARD_KINDS
        ],
        "checkins": _checkins(row.checkins),
        "pulse": _pulse(row.pulse_figures),
        "worst_on_time_pct": row.worst_on_time,
        "slipped": row.slipped,
        "url": absolute(reverse("insights:figures-pair", args=row.key)),
    }
    if trend:
        shaped["trend"] = _weeks(row.trend, f.PAIR_SIDES)
    return shaped


def _spread(spread: f.Spread) -> dict:
    return {"count": spread.count, "median": spread.median, "p90": spread.p90}


def period_shape(period: f.Period) -> dict:
    return {"label": period.label, "start": period.start, "end": period.end}


# --- the scoreboard -------------------------------------------------------------------------
@router.get("/figures/pairs/", response=schemas.PairPage, url_name="figures-scoreboard")
def scoreboard(request, filters: Query[ScoreboardFilters]):
    """The pair scoreboard: every recruiter–hiring-manager pair that worked together in the
    period, both directions on the terms they signed, with each side's on-time % per week —
    for HR leads and admins every pair (`department` narrows), for anyone else their own
    pairs. Sorted as `sort` asks (slipping first by default); a page at a time."""
    form = period_form(filters)
    now = timezone.now()
    period = form.chosen_period(now)
    scope = f.Scope(kind=f.ORGANISATION, department=form.chosen_department)
    rows = f.pair_rows(request.user, scope, period, sort=form.chosen_sort, now=now)
    start = offset_of(filters.cursor)
    shown = rows[start : start + filters.limit]
    f.attach_trends(request.user, shown, scope, period, now=now)
    return {
        "period": period_shape(period),
        "slipping_below": f.SLIPPING_BELOW,
        "items": [_pair(row, trend=True) for row in shown],
        "next_cursor": cursor_after(start, filters.limit, more=start + filters.limit < len(rows)),
    }


# A list computed in order (pairs sorted by a figure, rows by when they were settled) pages by
# its place in that order, signed as every cursor is.
def offset_of(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(signing.Signer(salt=CURSOR_SALT).unsign(cursor))
    except (signing.BadSignature, ValueError):
        raise Refused(
            {"cursor": ["This cursor is not one Accord gave out: start again without it."]}
        ) from None


def cursor_after(start: int, limit: int, *, more: bool) -> str | None:
    return signing.Signer(salt=CURSOR_SALT).sign(str(start + limit)) if more else None


# --- a scope's figures ----------------------------------------------------------------------
def _figures(request, scope: f.Scope, form: FiguresFilterForm, page: str) -> dict:
    """What the scope's figures page shows, figure by figure (`insights.views.figures`)."""
    viewer, now = request.user, timezone.now()
    period = form.chosen_period(now)
    commitments, weeks = f.commitment_figures_and_weeks(viewer, scope, period, now=now)
    sides = [side for side in f.SIDE_ORDER if side in commitments.sides] or list(f.PAIR_SIDES)
    terms, terms_from = f.agreed_terms(scope)
    pairs = []
    if scope.kind in (f.ORGANISATION, f.PERSON):
        member = scope.person if scope.kind == f.PERSON else None
        pairs = f.pair_rows(viewer, scope, period, member=member, now=now)[:PAIRS_ON_A_SCOPE]
    feedback = f.Tally()
    for row in commitments.kinds:
        if row.kind == CommitmentKind.INTERVIEW_FEEDBACK:
            feedback.add(row.tally)
    fill = f.time_to_fill(viewer, scope, period)
    funnel = f.funnel(viewer, scope, period, now=now)
    offers = f.offer_figures(viewer, scope, period)
    answers, averages = f.survey_figures(viewer, scope, period)
    return {
        "scope": {
            "kind": scope.kind,
            "title": scope.title,
            "department": scope.department,
            "requisition_id": scope.requisition.pk if scope.requisition else None,
            "person": person(scope.person) if scope.person else None,
            "recruiter": person(scope.recruiter) if scope.recruiter else None,
            "hiring_manager": person(scope.hiring_manager) if scope.hiring_manager else None,
        },
        "period": period_shape(period),
        "terms_from": terms_from,
        "commitments": {
            "total": _tally(commitments.total),
            "sides": [
                {"side": side, "label": label, "tally": _tally(tally)}
                for side, label, tally in commitments.side_rows()
            ],
            "kinds": [
                {
                    "kind": row.kind,
                    "label": str(row.kind_label),
                    "side": row.side,
                    "agreed": terms.get(row.kind, ""),
                    "tally": _tally(row.tally),
                }
                for row in commitments.kinds
            ],
        },
        "weeks": _weeks(weeks, sides),
        "checkins": _checkins(f.checkin_figures(viewer, scope, period, now=now)),
        "pulse": _pulse(f.pulse_figures(viewer, scope, period)),
        "pairs": [_pair(row) for row in pairs],
        "searches": {
            "time_to_fill_days": _spread(fill.calendar),
            "time_to_fill_business_days": _spread(fill.business),
            "time_to_fill_distribution": [
                {"label": label, "searches": n} for label, n in fill.distribution
            ],
            "time_to_shortlist_business_days": _spread(f.time_to_shortlist(viewer, scope, period)),
            "time_in_stage_days": [
                {"stage": label, **_spread(spread)}
                for label, spread in f.time_in_stage(viewer, scope, period)
            ],
            "funnel": [
                {"step": label, "candidates": n, "pct_of_step_before": pct}
                for label, n, pct in funnel.steps
            ],
            "submitted_per_hire": funnel.submitted_per_hire,
            "offers_accepted": offers.accepted,
            "offers_declined": offers.declined,
            "offer_acceptance_pct": offers.acceptance_pct,
            "scorecards": _tally(feedback),
            "survey_answers": answers,
            "survey_averages": [{"question": q, "average": a} for q, a in averages],
        },
        "url": absolute(page),
    }


@router.get("/figures/organisation/", response=schemas.Figures, url_name="figures-organisation")
def organisation_figures(request, filters: Query[OrganisationFilters]):
    """The organisation's figures, or one `department`'s (HR leads and admins)."""
    scope_for(request, f.ORGANISATION)
    form = period_form(filters)
    scope = f.Scope(kind=f.ORGANISATION, department=form.chosen_department)
    return _figures(request, scope, form, reverse("insights:figures-organisation"))


@router.get(
    "/figures/requisitions/{int:pk}/", response=schemas.Figures, url_name="figures-requisition"
)
def requisition_figures(request, pk: int, filters: Query[PeriodFilters]):
    """A search's figures (its recruiter, HR generalist and hiring manager, and everyone who
    sees every search; 404 off the search, 403 for an interviewer)."""
    scope = scope_for(request, f.REQUISITION, requisition=pk)
    form = period_form(filters)
    return _figures(request, scope, form, reverse("insights:figures-requisition", args=[pk]))


@router.get("/figures/people/{int:pk}/", response=schemas.Figures, url_name="figures-person")
def person_figures(request, pk: int, filters: Query[PeriodFilters]):
    """A person's figures: what they answered for, and their searches' (themselves, HR
    leads and admins)."""
    scope = scope_for(request, f.PERSON, person=pk)
    form = period_form(filters)
    return _figures(request, scope, form, reverse("insights:figures-person", args=[pk]))


@router.get(
    "/figures/pairs/{int:recruiter}/{int:manager}/",
    response=schemas.Figures,
    url_name="figures-pair",
)
def pair_figures(request, recruiter: int, manager: int, filters: Query[PeriodFilters]):
    """A recruiter and a hiring manager's figures on the searches they lead together (the
    two of them, HR leads and admins)."""
    scope = scope_for(request, f.PAIR, recruiter=recruiter, manager=manager)
    form = period_form(filters)
    url = reverse("insights:figures-pair", args=[recruiter, manager])
    return _figures(request, scope, form, url)
