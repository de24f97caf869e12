"""Searches: the list and one search, through `hiring.doors` exactly as the pages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hiring.doors import requisition_for, requisitions_for
from hiring.forms import RequisitionForm, TeamForm
from hiring.lifecycle import create_requisition
from hiring.models import Requisition

from .. import schemas, shapes
from ..errors import Refused, form_errors
from ..paging import DEFAULT_LIMIT, MAX_LIMIT, page

router = Router(tags=["requisitions"])


class RequisitionFilters(Schema):
    state: Requisition.State | None = None
    search: str | None = Field(None, max_length=100, description="In title, department, place")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get("/requisitions/", response=schemas.RequisitionPage, url_name="requisition-list")
def list_requisitions(request, filters: Query[RequisitionFilters]):
    """The searches you may open, newest first."""
    found = requisitions_for(request).with_team()
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.search:
        found = found.search(filters.search.replace("\x00", ""))
    rows, following = page(found, cursor=filters.cursor, limit=filters.limit)
    return {"items": [shapes.requisition(r, request.user) for r in rows], "next_cursor": following}


@router.get(
    "/requisitions/{int:pk}/",
    response=schemas.Requisition,
    url_name="requisition-detail",
)
def get_requisition(request, pk: int):
    """One search with its hiring team and state (404 if you are not on it)."""
    return shapes.requisition(requisition_for(request, pk), request.user)


def _form_data(body: schemas.RequisitionIn) -> tuple[dict, dict]:
    """The JSON body as the page's form would receive it (defaults from the organisation)."""
    fields = body.dict(exclude={"team"})
    fields["country"] = fields["country"] or settings.ACCORD_DEFAULT_COUNTRY
    fields["time_zone"] = fields["time_zone"] or settings.TIME_ZONE
    fields["salary_currency"] = fields["salary_currency"] or settings.ACCORD_DEFAULT_CURRENCY
    data = {k: ("" if v is None else v) for k, v in fields.items()}
    if not fields["salary_shared_with_agency"]:
        data.pop("salary_shared_with_agency")
    team = body.team.dict()
    return (
        data,
        {**{f"team-{k}": v for k, v in team.items() if k != "interviewers"}},
        team["interviewers"],
    )


@router.post(
    "/requisitions/",
    response={201: schemas.Requisition, 422: schemas.Problem},
    url_name="requisition-create",
)
def create_requisition_(request, body: schemas.RequisitionIn):
    """Draft a search with its hiring team, by the rules of the "New requisition" form."""
    if not request.user.can_create_requisitions():
        raise PermissionDenied("You cannot open requisitions.")
    data, team_data, interviewers = _form_data(body)
    query = QueryDict(mutable=True)
    query.update({**data, **team_data})
    query.setlist("team-interviewers", [str(i) for i in interviewers])
    form = RequisitionForm(query, user=request.user)
    team_form = TeamForm(query, creator=request.user, prefix="team")
    if not (form.is_valid() and team_form.is_valid()):
        raise Refused({**form_errors(form), **form_errors(team_form)})
    created = create_requisition(
        data=form.cleaned_data, team=team_form.cleaned_data, created_by=request.user
    )
    return Status(201, shapes.requisition(requisition_for(request, created.pk), request.user))
