"""Commitments: who owes what by when, as each person sees them on the pages; saying "not
mine", asking for more time, answering either, and the one-step actions of the messages'
buttons (`commitments.actions`: advance or reject a candidate under review, mark an action
item done, waive, remind again…), each by the rules of its page."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, QueryDict
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from accounts.forms_base import place_errors
from commitments.actions import action_named, actions, perform_action
from commitments.answers import (
    answer_decline,
    answer_extension,
    ask_for_more_time,
    can_decline,
    decline_commitment,
    may_answer,
)
from commitments.forms import AnswerForm, DeclineForm, MoreTimeForm
from commitments.models import Commitment, CommitmentAnswer
from commitments.views.answers import commitment_for
from commitments.visibility import hidden_commitments
from hiring.doors import requisitions_for
from hiring.models import LEAD_ROLES, HiringTeamMember, Requisition

from .. import schemas, shapes
from ..errors import Refused, form_errors
from ..paging import DEFAULT_LIMIT, MAX_LIMIT, page

router = Router(tags=["commitments"])


class CommitmentFilters(Schema):
    mine: bool = Field(False, description="Only what you owe")
    overdue: bool = Field(False, description="Only open ones past their deadline")
    state: Commitment.State | None = None
    requisition: int | None = Field(None, ge=1, le=2**53)
    search: str | None = Field(None, max_length=100, description="In the commitment's title")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def commitments_visible_to(request):
    """The rule of `commitment_for` (a commitment's page) as a queryset: on a search you may
    open, and yours (owed or declined) or on a search whose private side you read
    (`Requisition.can_read_journal`). Hidden candidates and interviews are taken out per
    page with `hidden_commitments`, as on the search's commitments tab."""
    user = request.user
    found = Commitment.objects.filter(requisition__in=requisitions_for(request))
    if user.can_view_all_requisitions():
        return found
    leads = HiringTeamMember.objects.filter(
        requisition=OuterRef("requisition_id"), user=user, role__in=LEAD_ROLES
    )
    return found.filter(Q(owner=user) | Q(declined_by=user) | Exists(leads))


@router.get("/commitments/", response=schemas.CommitmentPage, url_name="commitment-list")
def list_commitments(request, filters: Query[CommitmentFilters]):
    """Commitments you may see, newest first: `mine`, `overdue`, by search or title."""
    now = timezone.now()
    found = commitments_visible_to(request).select_related("owner")
    if filters.mine:
        found = found.filter(owner=request.user)
    if filters.overdue:
        found = found.overdue(now)
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.requisition:
        found = found.filter(requisition_id=filters.requisition)
    if filters.search:
        found = found.filter(title__icontains=filters.search.replace("\x00", ""))
    rows, following = page(found, cursor=filters.cursor, limit=filters.limit)
    by_search = defaultdict(list)
    for row in rows:
        by_search[row.requisition_id].append(row)
    hidden = set()
    searches = Requisition.objects.with_team().in_bulk(by_search)
    for pk, some in by_search.items():
        hidden |= hidden_commitments(requisition=searches[pk], user=request.user, commitments=some)
    return {
        "items": [shapes.commitment(r, now) for r in rows if r.pk not in hidden],
        "next_cursor": following,
    }


@router.get("/commitments/{int:pk}/", response=schemas.Commitment, url_name="commitment-detail")
def get_commitment(request, pk: int):
    """One commitment, by the rule of its page (404 off your searches, 403 if not for you)."""
    return shapes.commitment(commitment_for(request, pk), timezone.now())


@router.post(
    "/commitments/{int:pk}/decline/",
    response={200: schemas.Commitment, 422: schemas.Problem},
    url_name="commitment-decline",
)
def decline_commitment_(request, pk: int, body: schemas.DeclineIn):
    """Say "not mine" (its owner only): it goes to whoever's part it is, who accepts the
    reason or gives it back — `commitments.answers.decline_commitment`, as on its page."""
    commitment = commitment_for(request, pk)
    if not can_decline(commitment, request.user):
        raise PermissionDenied("Only its owner can say it is not theirs.")
    query = QueryDict(mutable=True)
    query.update(body.dict())
    form = DeclineForm(query, kind=commitment.kind)
    if not form.is_valid():
        raise Refused(form_errors(form))
    decline_commitment(
        commitment=commitment,
        by=request.user,
        reason_code=form.cleaned_data["reason_code"],
        reason=form.cleaned_data["reason"],
    )
    return shapes.commitment(commitment_for(request, pk), timezone.now())


@router.post(
    "/commitments/{int:pk}/more-time/",
    response={200: schemas.Commitment, 422: schemas.Problem},
    url_name="commitment-more-time",
)
def ask_for_more_time_(request, pk: int, body: schemas.MoreTimeIn):
    """Ask for a later deadline (its owner only), by the rules of the commitment's page:
    the old deadline stands until the other side or HR accepts."""
    commitment = commitment_for(request, pk)
    if commitment.owner_id != request.user.pk:
        raise PermissionDenied("Only its owner can ask for more time.")
    query = QueryDict(mutable=True)
    query.update({k: "" if v is None else v for k, v in body.dict().items()})
    form = MoreTimeForm(query, zone=commitment.requisition.time_zone)
    if not form.is_valid():
        raise Refused(form_errors(form))
    ask_for_more_time(
        commitment=commitment,
        by=request.user,
        due_at=form.cleaned_data["due_at"],
        reason=form.cleaned_data["reason"],
    )
    return shapes.commitment(commitment_for(request, pk), timezone.now())


@router.post(
    "/commitments/{int:pk}/answer/",
    response={200: schemas.Commitment, 422: schemas.Problem},
    url_name="commitment-answer",
)
def answer_commitment(request, pk: int, body: schemas.AnswerIn):
    """Accept or refuse what waits for an answer on it (404 when nothing does), for whom
    the page lets answer (`commitments.answers.may_answer`)."""
    commitment = commitment_for(request, pk)
    pending = CommitmentAnswer.objects.pending().filter(commitment=commitment).first()
    if pending is None:
        raise Http404("Nothing waits for an answer here.")
    pending.commitment = commitment
    if not may_answer(pending, request.user):
        raise PermissionDenied("This is not yours to answer.")
    query = QueryDict(mutable=True)
    query.update(body.dict())
    form = AnswerForm(query)
    if not form.is_valid():
        raise Refused(form_errors(form))
    is_decline = pending.kind == CommitmentAnswer.Kind.DECLINE
    answer = answer_decline if is_decline else answer_extension
    answer(
        commitment=commitment,
        by=request.user,
        accept=form.cleaned_data["accept"],
        note=form.cleaned_data["note"],
    )
    return shapes.commitment(commitment_for(request, pk), timezone.now())


@router.get(
    "/commitments/{int:pk}/actions/",
    response=list[schemas.ActionOut],
    url_name="commitment-actions",
)
def list_actions(request, pk: int):
    """The one-step actions of this kind of commitment (what a reminder's buttons offer),
    each with `problem`: null when you may do it now through `…/act/{name}/`, otherwise the
    confirmation page's sentence why not; `asks` names the fields its form wants."""
    commitment = commitment_for(request, pk)
    closed = commitment.state != Commitment.State.OPEN
    decliner = commitment.declined_by.display_name if commitment.declined_by_id else ""
    found = []
    for action in actions().values():
        if action.kinds is not None and commitment.kind not in action.kinds:
            continue
        form = (
            action.form(None, commitment=commitment, person=request.user) if action.form else None
        )
        found.append(
            {
                "name": action.name,
                "label": action.label,
                "effect": action.effect.format(
                    owner=commitment.owner.display_name, decliner=decliner
                ),
                "audience": action.audience,
                "asks": list(form.fields) if form is not None else [],
                "problem": (
                    f"“{commitment.title}” is no longer open: nothing left to do."
                    if closed
                    else action.problem(commitment, request.user)
                ),
            }
        )
    return found


@router.post(
    "/commitments/{int:pk}/act/{action}/",
    response={200: schemas.ActOut, 422: schemas.Problem},
    url_name="commitment-act",
)
def act_on_commitment(request, pk: int, action: str, body: schemas.ActIn):
    """Do one of the actions a reminder's buttons offer, as the signed-in confirmation page
    does (`commitments.actions.perform_action`, rights and state asked again): the owner's
    `advance`, `reject` or `ask` on a candidate to review and `mark_done` on an action item
    (each meets the commitment through the domain), the other side's or HR's `remind_again`
    and `waive` once it is escalated, the answerer's `accept_decline`, `give_back`,
    `accept_time` and `refuse_time`. An action that does not apply to this person now is a
    422 with the page's sentence why (403 for someone off the search's private side)."""
    commitment = commitment_for(request, pk)
    found = action_named(action)
    if found is None:
        raise Http404("No such action.")
    if commitment.state != Commitment.State.OPEN:
        raise Refused({"__all__": [f"“{commitment.title}” is no longer open: nothing left to do."]})
    problem = found.problem(commitment, request.user)
    outsider = request.user.pk != commitment.owner_id and found.audience != "owner"
    if problem and outsider and not commitment.requisition.can_read_journal(request.user):
        raise PermissionDenied(problem)
    if problem:
        raise Refused({"__all__": [problem]})
    form = None
    if found.form is not None:
        query = QueryDict(mutable=True)
        query.update(body.dict())
        form = found.form(query, commitment=commitment, person=request.user)
        if not form.is_valid():
            raise Refused(form_errors(form))
    try:
        done = perform_action(
            action=found,
            commitment=commitment,
            person=request.user,
            data=form.cleaned_data if form is not None else {},
        )
    except ValidationError as error:
        if form is None:
            raise Refused({"__all__": list(error.messages)}) from None
        place_errors(form, error)
        raise Refused(form_errors(form)) from None
    after = shapes.commitment(commitment_for(request, pk), timezone.now())
    return {"done": done, "commitment": after}
