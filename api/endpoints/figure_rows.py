"""The rows behind a figure, filtered the same way as the figure (the figures pages' rows
page, `insights.views.figures.figure_rows`): the commitments, check-ins, candidates or
filled searches it was computed from, through the rows page's own form (`FigureRowsForm`),
`scope_for` and `insights.figures`' row functions, a page at a time."""

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from pydantic import Field

from commitments.visibility import hidden_commitments
from insights import figures as f
from insights.forms import FigureRowsForm
from insights.views.figures import scope_for

from .. import figure_schemas as schemas
from .. import shapes
from ..errors import Refused, form_errors
from ..paging import DEFAULT_LIMIT, MAX_LIMIT
from .figures import OrganisationFilters, cursor_after, offset_of, period_form, period_shape

router = Router(tags=["figures"])


class RowFilters(OrganisationFilters):
    scope: str | None = Field(
        None, max_length=20, description="organisation (the default), requisition, person, pair"
    )
    requisition: int | None = Field(None, ge=1, le=2**53, description="With scope=requisition")
    person: int | None = Field(None, ge=1, le=2**53, description="With scope=person")
    recruiter: int | None = Field(None, ge=1, le=2**53, description="With scope=pair")
    manager: int | None = Field(None, ge=1, le=2**53, description="With scope=pair")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class CommitmentRowFilters(RowFilters):
    kind: str | None = Field(None, max_length=40, description="One commitment kind")
    side: str | None = Field(None, max_length=20, description="recruiter, hiring, hr, others")
    outcome: str | None = Field(
        None,
        max_length=20,
        description="due (the default), decided, on_time, met_late, late, overdue, waiting, "
        "waived, declined, extended, paused",
    )


class CheckInRowFilters(RowFilters):
    state: str | None = Field(
        None, max_length=20, description="agreed (the default), held, missed, cancelled, unrecorded"
    )


class ApplicationRowFilters(RowFilters):
    step: str | None = Field(
        None,
        max_length=20,
        description="The funnel's step: added (the default), submitted, interviewed, offered, "
        "hired",
    )


ASKED = ("scope", "requisition", "person", "recruiter", "manager", "kind", "side", "outcome")


def _scope_and_period(request, filters: RowFilters):
    """The scope and period the rows are asked for, by the rows page's rules: its form's
    messages (422) for what it refuses, 404 or 403 from `scope_for`."""
    query = QueryDict(mutable=True)
    for name in (*ASKED, "state", "step"):
        value = getattr(filters, name, None)
        if value:
            query[name] = str(value).replace("\x00", "")
    what = FigureRowsForm(query)
    if not what.is_valid():
        raise Refused(form_errors(what))
    data = what.cleaned_data
    scope = scope_for(
        request,
        data["scope"] or f.ORGANISATION,
        requisition=data.get("requisition"),
        person=data.get("person"),
        recruiter=data.get("recruiter"),
        manager=data.get("manager"),
    )
    form = period_form(filters)
    if scope.kind == f.ORGANISATION:
        scope = f.Scope(kind=f.ORGANISATION, department=form.chosen_department)
    now = timezone.now()
    return scope, form.chosen_period(now), data, now


def _page_of(rows, filters: RowFilters) -> tuple[list, str | None]:
    start = offset_of(filters.cursor)
    found = list(rows[start : start + filters.limit + 1])
    more = len(found) > filters.limit
    return found[: filters.limit], cursor_after(start, filters.limit, more=more)


@router.get(
    "/figures/rows/commitments/", response=schemas.CommitmentRowPage, url_name="figure-rows"
)
def commitment_rows(request, filters: Query[CommitmentRowFilters]):
    """The commitments a commitment figure was computed from, filtered the same way as the
    figure (`insights.figures.commitment_rows`): the scope (`scope` with `requisition`,
    `person` or `recruiter` and `manager`; the organisation by default, `department`
    narrowing it), the period, and `kind`, `side` and `outcome` — the rows behind "the
    hiring side's reviews, overdue now", say. Latest settled first. By the figures pages'
    rules; an agency recruiter counts every commitment of their searches but reads only
    those about candidates they sourced (`left_out` says how many of the page are not
    shown), as on the rows page."""
    scope, period, data, now = _scope_and_period(request, filters)
    rows = f.commitment_rows(
        request.user,
        scope,
        period,
        kind=data["kind"],
        side=data["side"],
        outcome=data["outcome"],
        now=now,
    )
    found, following = _page_of(rows, filters)
    hidden = set()
    if request.user.is_agency_recruiter:
        by_requisition = {}
        for row in found:
            by_requisition.setdefault(row.requisition, []).append(row)
        for requisition, some in by_requisition.items():
            hidden |= hidden_commitments(
                requisition=requisition, user=request.user, commitments=some
            )
    return {
        "period": period_shape(period),
        "items": [
            {
                **shapes.commitment(row, now),
                "outcome": f.outcome_of(row, now),
                "settled_at": row.settled_on,
                "took": f.business_duration(row.met_in) or None,
            }
            for row in found
            if row.pk not in hidden
        ],
        "left_out": len(hidden),
        "next_cursor": following,
    }


@router.get(
    "/figures/rows/checkins/", response=schemas.CheckInRowPage, url_name="figure-rows-checkins"
)
def checkin_rows(request, filters: Query[CheckInRowFilters]):
    """The check-ins behind "held against agreed" (`insights.figures.checkin_rows`): the
    scope and period as for the commitments' rows, narrowed by `state`. Latest first."""
    scope, period, data, now = _scope_and_period(request, filters)
    rows = f.checkin_rows(request.user, scope, period, state=data["state"], now=now)
    found, following = _page_of(rows, filters)
    return {
        "period": period_shape(period),
        "items": [shapes.checkin(row) for row in found],
        "next_cursor": following,
    }


@router.get(
    "/figures/rows/applications/",
    response=schemas.CandidateRowPage,
    url_name="figure-rows-applications",
)
def application_rows(request, filters: Query[ApplicationRowFilters]):
    """The candidates behind a step of the funnel (`insights.figures.application_rows`), as
    the reader may see them (an agency recruiter: those they sourced). Newest first."""
    scope, period, data, now = _scope_and_period(request, filters)
    step = data["step"] or "added"
    rows = f.application_rows(request.user, scope, period, step=step, now=now)
    found, following = _page_of(rows, filters)
    return {
        "period": period_shape(period),
        "items": [
            {
                "id": row.pk,
                "requisition_id": row.requisition_id,
                "requisition_title": row.requisition.title,
                "candidate_name": row.candidate.name,
                "stage": row.stage,
                "stage_label": row.stage_label,
                "created_at": row.created_at,
                "submitted_at": row.submitted_at,
                "url": shapes.absolute(
                    reverse(
                        "pipeline:application-detail",
                        kwargs={"pk": row.requisition_id, "application": row.pk},
                    )
                ),
            }
            for row in found
        ],
        "next_cursor": following,
    }


@router.get(
    "/figures/rows/searches/", response=schemas.FilledRowPage, url_name="figure-rows-searches"
)
def filled_rows(request, filters: Query[RowFilters]):
    """The searches behind time to fill: filled in the period (`insights.figures.
    filled_rows`). Latest filled first."""
    scope, period, _data, _now = _scope_and_period(request, filters)
    found, following = _page_of(f.filled_rows(request.user, scope, period), filters)
    return {
        "period": period_shape(period),
        "items": [
            {
                **{
                    name: getattr(row, name)
                    for name in ("id", "title", "department", "opened_at", "closed_at")
                },
                "url": shapes.absolute(reverse("hiring:requisition-detail", kwargs={"pk": row.pk})),
            }
            for row in found
        ],
        "next_cursor": following,
    }
