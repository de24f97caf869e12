"""Candidates on a search: the list and one with its stage history, adding one, moving one.
Read through `pipeline.doors` (an agency recruiter sees only whom they sourced, an
interviewer only whom they interview); writes through the pages' forms and domain functions
(`add_candidate`, `move_application` and its gates)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from hiring.doors import requisition_for
from intake.agreements import active_agreement_for
from pipeline import access
from pipeline.brief_check import BriefReason
from pipeline.candidates import add_candidate, replace_resume
from pipeline.doors import application_for, applications_for
from pipeline.forms import CandidateForm, MoveForm, ResumeUploadForm
from pipeline.models import Stage, StageChange
from pipeline.stages import move_application

from .. import schemas, shapes
from ..errors import Refused, form_errors
from ..paging import DEFAULT_LIMIT, MAX_LIMIT, page

router = Router(tags=["candidates"])

HISTORY = Prefetch("stage_changes", queryset=StageChange.objects.select_related("by", "reason"))


class ApplicationFilters(Schema):
    stage: Stage | None = None
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _shape(request, requisition, row) -> dict:
    visible = access.can_see_salary_expectation(requisition, request.user)
    return shapes.application(row, salary_visible=visible)


@router.get(
    "/requisitions/{int:pk}/applications/",
    response=schemas.ApplicationPage,
    url_name="application-list",
)
def list_applications(request, pk: int, filters: Query[ApplicationFilters]):
    """The candidates of a search you may see, with their stage history, newest first."""
    requisition = requisition_for(request, pk)
    found = applications_for(request, requisition).select_related("candidate")
    if filters.stage:
        found = found.filter(stage=filters.stage)
    rows, following = page(
        found.prefetch_related(HISTORY), cursor=filters.cursor, limit=filters.limit
    )
    return {
        "items": [_shape(request, requisition, r) for r in rows],
        "next_cursor": following,
    }


@router.get(
    "/requisitions/{int:pk}/applications/{int:application}/",
    response=schemas.Application,
    url_name="application-detail",
)
def get_application(request, pk: int, application: int):
    """One candidate on a search with the stage history (404 if hidden from you)."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    return _shape(request, requisition, found)


@router.post(
    "/requisitions/{int:pk}/applications/",
    response={201: schemas.Application, 422: schemas.Problem},
    url_name="application-create",
)
def create_application(request, pk: int, body: schemas.CandidateIn):
    """Add a candidate to a search, by the rules of the "Add a candidate" form (a known
    email links to the record you may already see; the résumé is added on the page)."""
    requisition = requisition_for(request, pk)
    if not access.can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter and HR add candidates to a search.")
    agreement = active_agreement_for(requisition)
    channels = list(agreement.sourcing.get("channels", [])) if agreement else []
    query = QueryDict(mutable=True)
    query.update(body.dict())
    form = CandidateForm(query, channels=channels)
    if not form.is_valid():
        raise Refused(form_errors(form))
    data = form.cleaned_data
    added = add_candidate(
        requisition=requisition,
        email=data["email"],
        details={f: data[f] for f in CandidateForm.Meta.fields if f != "email"},
        application={
            "source": data["source"],
            "source_detail": data["source_detail"],
            "salary_expectation": data["salary_expectation"],
        },
        resume=None,
        resume_kind=None,
        by=request.user,
    )
    found = application_for(request, requisition, added.pk)
    return Status(201, _shape(request, requisition, found))


@router.post(
    "/requisitions/{int:pk}/applications/{int:application}/move/",
    response={200: schemas.Application, 422: schemas.Problem},
    url_name="application-move",
)
def move_application_(request, pk: int, application: int, body: schemas.MoveIn):
    """Move a candidate through `move_application` and its gates: a refused move is a 422
    with the gate's message, and nothing changes."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    query = QueryDict(mutable=True)
    query.update({k: "" if v is None else v for k, v in body.dict().items()})
    form = MoveForm(query)
    if not form.is_valid():
        raise Refused(form_errors(form))
    move_application(
        application=found,
        to_stage=form.cleaned_data["to_stage"],
        by=request.user,
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
        against_brief=BriefReason(
            form.cleaned_data["against_brief"], form.cleaned_data["against_brief_text"]
        ),
    )
    return _shape(request, requisition, application_for(request, requisition, application))


@router.post(
    "/requisitions/{int:pk}/applications/{int:application}/resume/",
    response={200: schemas.Application, 422: schemas.Problem},
    url_name="application-resume",
)
def upload_resume(request, pk: int, application: int, resume: File[UploadedFile] = None):
    """Add or replace the candidate's résumé (multipart, field `resume`): PDF, Word or
    OpenDocument, its type sniffed from the bytes — the page's upload form and
    `replace_resume`, for the recruiter and HR."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    if not access.can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter and HR keep résumés.")
    # Optional here so the door and the rights answer first; the form says it is missing.
    form = ResumeUploadForm(QueryDict(), MultiValueDict({"resume": [resume]} if resume else {}))
    if not form.is_valid():
        raise Refused(form_errors(form))
    upload = form.cleaned_data["resume"]
    replace_resume(application=found, upload=upload, kind=upload.resume_kind, by=request.user)
    return _shape(request, requisition, application_for(request, requisition, application))
