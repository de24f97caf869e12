"""The figures pages: the pair scoreboard (HR's first page), a figures page per scope
(organisation or department, requisition, person, pair) and the rows behind any figure.

Filters live in the URL; the filter form swaps the page's main part with htmx and pushes the
URL, so Back and reload work (whole page on a history restore), and everything works
without JavaScript. Who may open what is `insights.figures.may_view`; what is counted is
always only the requisitions the viewer may see (`scope_requisitions`)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import User
from commitments.service_terms import CommitmentKind
from commitments.visibility import hidden_commitments
from hiring.charts import Series, bar_chart, line_chart, sparkline
from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx

from .. import figures as f
from ..forms import FigureRowsForm, FiguresFilterForm

PAIRS_PER_PAGE = 25
ROWS_PER_PAGE = 50


def _filters(request) -> FiguresFilterForm:
    form = FiguresFilterForm(request.GET or None)
    form.is_valid()  # errors are shown beside the fields; the default period applies
    return form


def _period_query(form: FiguresFilterForm, *, department=True) -> QueryDict:
    """The filters as they were asked for, to carry into links (rows, other scopes)."""
    query = QueryDict(mutable=True)
    if form.is_valid():
        for name in ("period", "start", "end"):
            if value := form.data.get(name):
                query[name] = value
        if department and form.chosen_department:
            query["department"] = form.chosen_department
    return query


def _scope_query(scope: f.Scope) -> dict:
    if scope.kind == f.REQUISITION:
        return {"scope": "requisition", "requisition": scope.requisition.pk}
    if scope.kind == f.PERSON:
        return {"scope": "person", "person": scope.person.pk}
    if scope.kind == f.PAIR:
        pair = {"recruiter": scope.recruiter.pk, "manager": scope.hiring_manager.pk}
        return {"scope": "pair", **pair}
    return {"scope": "organisation"}


def _scope_url(scope: f.Scope) -> str:
    if scope.kind == f.REQUISITION:
        return reverse("insights:figures-requisition", args=[scope.requisition.pk])
    if scope.kind == f.PERSON:
        return reverse("insights:figures-person", args=[scope.person.pk])
    if scope.kind == f.PAIR:
        return reverse("insights:figures-pair", args=[scope.recruiter.pk, scope.hiring_manager.pk])
    return reverse("insights:figures-organisation")


def _check(request, scope: f.Scope) -> f.Scope:
    if not f.may_view(request.user, scope):
        raise PermissionDenied("These figures are for HR leads, admins and the people in them.")
    return scope


def scope_for(request, kind: str, *, requisition=None, person=None, recruiter=None, manager=None):
    """The scope a URL names, loaded through the viewer's rights: a requisition they may not
    see is a 404, a person or pair whose figures are not theirs to see a 403."""
    if kind == f.REQUISITION:
        found = requisition_for(request, requisition)
        return _check(request, f.Scope(kind=f.REQUISITION, requisition=found))
    if kind == f.PERSON:
        return _check(request, f.Scope(kind=f.PERSON, person=get_object_or_404(User, pk=person)))
    if kind == f.PAIR:
        return _check(
            request,
            f.Scope(
                kind=f.PAIR,
                recruiter=get_object_or_404(User, pk=recruiter),
                hiring_manager=get_object_or_404(User, pk=manager),
            ),
        )
    return _check(request, f.Scope(kind=f.ORGANISATION))


def _weeks_label(week) -> str:
    return f"{week:%-d %b}"


def _trend_chart(points, sides):
    return line_chart(
        key="on-time-trend",
        x_label="Week of",
        title="Commitments met on time, per week (%)",
        labels=[_weeks_label(p.week) for p in points],
        series=[
            Series(side, f.SIDE_LABELS[side], [p.on_time(side) for p in points]) for side in sides
        ],
        y_min=0,
        y_max=100,
        y_ticks=(0, 25, 50, 75, 100),
        unit="%",
    )


def _pair_trend(row: f.PairRow):
    return sparkline(
        series=[
            Series(side, f.SIDE_LABELS[side], [p.on_time(side) for p in row.trend])
            for side in f.PAIR_SIDES
        ],
        y_min=0,
        y_max=100,
        guide=f.SLIPPING_BELOW,
    )


def _trend_words(points, sides) -> str:
    """ "On time per week — Recruiter side: 80%, no figure, 100%; Hiring manager side: …" """
    parts = []
    for side in sides:
        values = [p.on_time(side) for p in points]
        if any(v is not None for v in values):
            shown = ", ".join("none" if v is None else f"{v}%" for v in values)
            parts.append(f"{f.SIDE_LABELS[side]}: {shown}")
    return "On time per week, oldest first — " + "; ".join(parts) if parts else ""


def _search_figures(viewer, scope, period, commitments, now) -> dict:
    """Time to fill and to the first shortlist, time in stage, the funnel, offers,
    scorecards and the candidates' survey, with their charts."""
    fill = f.time_to_fill(viewer, scope, period)
    stages = f.time_in_stage(viewer, scope, period)
    funnel = f.funnel(viewer, scope, period, now=now)
    feedback = f.Tally()
    for row in commitments.kinds:
        if row.kind == CommitmentKind.INTERVIEW_FEEDBACK:
            feedback.add(row.tally)
    return {
        "fill": fill,
        "shortlist": f.time_to_shortlist(viewer, scope, period),
        "stages": stages,
        "funnel": funnel,
        "offers": f.offer_figures(viewer, scope, period),
        "surveys": f.survey_figures(viewer, scope, period),
        "scorecards": feedback,
        "funnel_chart": bar_chart(
            key="funnel",
            title="Candidates added in the period, and how far they got",
            bars=[
                (label, n, f"{n}" + (f" ({pct}% of the step before)" if pct is not None else ""))
                for label, n, pct in funnel.steps
            ],
            columns=("Step", "Candidates"),
        ),
        "fill_chart": bar_chart(
            key="time-to-fill",
            title="Searches filled in the period, by days from opening to filling (holds left out)",
            bars=[(label, n, str(n)) for label, n in fill.distribution],
            columns=("Days to fill", "Searches"),
        )
        if fill.calendar.count
        else None,
        "stage_chart": bar_chart(
            key="time-in-stage",
            title="Days in each stage: the median stay (9 in 10 within the second figure)",
            bars=[
                (label, spread.median, f"{spread.median:g} d · 9 in 10 within {spread.p90:g} d")
                for label, spread in stages
            ],
            columns=("Stage", "Median · 90th percentile"),
        )
        if stages
        else None,
    }


@require_GET
@varies_on_htmx
def scoreboard(request):
    """Every recruiter–hiring-manager pair side by side on the terms they signed (HR leads
    and admins: all pairs; anyone else: their own pairs)."""
    form = _filters(request)
    now = timezone.now()
    period = form.chosen_period(now)
    scope = f.Scope(kind=f.ORGANISATION, department=form.chosen_department)
    rows = f.pair_rows(request.user, scope, period, sort=form.chosen_sort, now=now)
    page = Paginator(rows, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    f.attach_trends(request.user, list(page.object_list), scope, period, now=now)
    period_query = _period_query(form, department=False).urlencode()
    rows_url = reverse("insights:figure-rows")
    for row in page.object_list:
        pair = f"scope=pair&recruiter={row.recruiter_id}&manager={row.manager_id}"
        row.page_url = reverse("insights:figures-pair", args=row.key) + (
            f"?{period_query}" if period_query else ""
        )
        row.rows_url = f"{rows_url}?{pair}&{period_query}".rstrip("&")
        row.sparkline = _pair_trend(row)
        row.trend_words = _trend_words(row.trend, f.PAIR_SIDES)
    query = request.GET.copy()
    query.pop("page", None)
    template = page_or_fragment(request, "insights/scoreboard.html", "scoreboard")
    return render(
        request,
        template,
        {
            "filters": form,
            "period": period,
            "page": page,
            "query": query.urlencode(),
            "period_query": period_query,
            "sees_everyone": f.sees_everyone(request.user),
            "department": form.chosen_department,
            "scoreboard_kinds": f.SCOREBOARD_KINDS,
            "slipping_below": f.SLIPPING_BELOW,
        },
    )


@require_GET
@varies_on_htmx
def figures(request, scope, **ids):
    """A scope's figures over the period: both sides' commitments per kind, the weekly
    trend, check-ins and the pulse, each linked to its rows."""
    form = _filters(request)
    found = scope_for(request, scope, **ids)
    if found.kind == f.ORGANISATION:
        found = f.Scope(kind=f.ORGANISATION, department=form.chosen_department)
    now = timezone.now()
    period = form.chosen_period(now)
    viewer = request.user
    commitments, weeks = f.commitment_figures_and_weeks(viewer, found, period, now=now)
    sides = [side for side in f.SIDE_ORDER if side in commitments.sides] or list(f.PAIR_SIDES)
    terms, terms_from = f.agreed_terms(found)
    for row in commitments.kinds:
        row.agreed = terms.get(row.kind, "")
    pairs = []
    if found.kind in (f.ORGANISATION, f.PERSON):
        member = found.person if found.kind == f.PERSON else None
        pairs = f.pair_rows(viewer, found, period, member=member, now=now)[:10]
    rows_query = _period_query(form)
    rows_query.update(_scope_query(found))
    searches = _search_figures(viewer, found, period, commitments, now)
    template = page_or_fragment(request, "insights/figures.html", "figures")
    return render(
        request,
        template,
        {
            "filters": form,
            "scope": found,
            "period": period,
            "commitments": commitments,
            "terms_from": terms_from,
            "show_department": found.kind == f.ORGANISATION,
            "trend": _trend_chart(weeks, sides),
            "checkins": f.checkin_figures(viewer, found, period, now=now),
            "pulse": f.pulse_figures(viewer, found, period),
            "pairs": pairs,
            "searches": searches,
            "rows": f"{reverse('insights:figure-rows')}?{rows_query.urlencode()}",
            "period_query": _period_query(form, department=False).urlencode(),
            "sees_everyone": f.sees_everyone(viewer),
        },
    )


@require_GET
@varies_on_htmx
def figure_rows(request):
    """The rows a figure was computed from, filtered the same way (scope, period, kind,
    side, outcome), a page at a time."""
    form = _filters(request)
    what = FigureRowsForm(request.GET)
    if not what.is_valid():
        raise BadRequest("Those rows cannot be shown.")
    data = what.cleaned_data
    scope = scope_for(
        request,
        data["scope"] or f.ORGANISATION,
        requisition=data.get("requisition"),
        person=data.get("person"),
        recruiter=data.get("recruiter"),
        manager=data.get("manager"),
    )
    if scope.kind == f.ORGANISATION:
        scope = f.Scope(kind=f.ORGANISATION, department=form.chosen_department)
    now = timezone.now()
    period = form.chosen_period(now)
    if data["what"] == "checkins":
        rows = f.checkin_rows(request.user, scope, period, state=data["state"], now=now)
        heading = f.CHECKIN_STATES.get(data["state"] or "agreed")
    elif data["what"] == "applications":
        step = data["step"] or "added"
        rows = f.application_rows(request.user, scope, period, step=step, now=now)
        heading = f"Candidates {f.FUNNEL_STEPS[step].lower()}"
    elif data["what"] == "searches":
        rows = f.filled_rows(request.user, scope, period)
        heading = "Searches filled"
    else:
        rows = f.commitment_rows(
            request.user,
            scope,
            period,
            kind=data["kind"],
            side=data["side"],
            outcome=data["outcome"],
            now=now,
        )
        heading = f.OUTCOMES.get(data["outcome"] or "due")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    left_out = 0
    if data["what"] == "commitments" and request.user.is_agency_recruiter:
        # An agency recruiter counts every commitment of their searches but may not read
        # those about candidates another recruiter sourced (commitments.visibility).
        by_requisition = {}
        for row in page.object_list:
            by_requisition.setdefault(row.requisition, []).append(row)
        hidden = set()
        for requisition, rows_of in by_requisition.items():
            hidden |= hidden_commitments(
                requisition=requisition, user=request.user, commitments=rows_of
            )
        shown = [row for row in page.object_list if row.pk not in hidden]
        left_out = len(page.object_list) - len(shown)
        page.object_list = shown
    if data["what"] == "commitments":
        for row in page.object_list:
            row.outcome = f.outcome_of(row, now)
            row.took = f.business_duration(row.met_in)
    query = request.GET.copy()
    query.pop("page", None)
    back = _period_query(form, department=scope.kind == f.ORGANISATION).urlencode()
    template = page_or_fragment(request, "insights/figure_rows.html", "rows")
    return render(
        request,
        template,
        {
            "scope": scope,
            "period": period,
            "what": data["what"],
            "heading": heading,
            "kind_label": CommitmentKind(data["kind"]).label if data["kind"] else "",
            "side_label": f.SIDE_LABELS.get(data["side"], ""),
            "page": page,
            "query": query.urlencode(),
            "back_url": _scope_url(scope) + (f"?{back}" if back else ""),
            "left_out": left_out,
            "now": now,
        },
    )
