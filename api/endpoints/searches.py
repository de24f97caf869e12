"""A search's agreement in force (and signing a version of it), its interviews and
scorecards, and its check-ins: each through the door and the rule of its page
(`intake.access.visible_parts`, `intake.signatures.sign_agreement`,
`interviews.doors.interviews_for`, `interviews.feedback.may_see_others`,
`hiring.doors.requisition_for(journal=True)`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from checkins.models import CheckIn
from hiring.doors import requisition_for
from intake import access as intake_access
from intake.models import Agreement
from intake.signatures import sign_agreement
from intake.versions import read_parts
from interviews.doors import interviews_for
from interviews.feedback import may_see_others
from interviews.models import Scorecard
from pipeline.doors import application_for

from .. import schemas, shapes
from ..paging import DEFAULT_LIMIT, MAX_LIMIT, page
from ..shapes import person

router = Router(tags=["searches"])


class Paging(Schema):
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get(
    "/requisitions/{int:pk}/agreement/",
    response=schemas.Agreement,
    url_name="agreement-detail",
)
def get_agreement(request, pk: int):
    """The agreement in force (404 while none is): the sections you may read."""
    requisition = requisition_for(request, pk)
    active = (
        Agreement.objects.filter(requisition=requisition, state=Agreement.State.ACTIVE)
        .order_by("-version")
        .first()
    )
    if active is None:
        raise Http404("No agreement is in force on this search yet.")
    visible = intake_access.visible_parts(requisition, request.user)
    return {
        "requisition_id": requisition.pk,
        "version": active.version,
        "activated_at": active.activated_at,
        "sections": [
            {
                "part": part["part"],
                "title": str(part["title"]),
                "fields": [
                    {"label": str(label), "lines": [str(line) for line in lines]}
                    for label, lines in part["fields"]
                ],
            }
            for part in read_parts(active, visible)
        ],
    }


@router.post(
    "/requisitions/{int:pk}/agreement/versions/{int:version}/sign/",
    response={200: schemas.AgreementVersion, 422: schemas.Problem},
    url_name="agreement-sign",
)
def sign_agreement_(request, pk: int, version: int):
    """Sign this version of the search's agreement, as the "Sign" button of its page
    (`intake.signatures.sign_agreement`): the recruiter and the hiring manager sign, the HR
    generalist countersigns after both, and the third signature puts it in force. A version
    not awaiting signatures, a second signature or HR signing too early: 422 with the
    page's message; someone who does not sign: 403."""
    requisition = requisition_for(request, pk)
    found = get_object_or_404(
        Agreement.objects.for_requisition(requisition).with_signatures(), version=version
    )
    found.requisition = requisition  # keep the prefetched team for the checks
    sign_agreement(agreement=found, signer=request.user, version=version)
    signed = Agreement.objects.for_requisition(requisition).with_signatures().get(version=version)
    return {
        "requisition_id": requisition.pk,
        "version": signed.version,
        "state": signed.state,
        "activated_at": signed.activated_at,
        "signatures": [
            {"party": s.party, "signer": person(s.signer), "signed_at": s.signed_at}
            for s in signed.signatures.all()
            if s.voided_at is None
        ],
    }


@router.get(
    "/requisitions/{int:pk}/interviews/",
    response=schemas.InterviewPage,
    url_name="interview-list",
)
def list_interviews(request, pk: int, paging: Query[Paging]):
    """The interviews you may see: all of your candidates' for the search's leads, the
    ones you sit on for an interviewer."""
    requisition = requisition_for(request, pk)
    rows, following = page(
        interviews_for(request, requisition), cursor=paging.cursor, limit=paging.limit
    )
    return {"items": [shapes.interview(r) for r in rows], "next_cursor": following}


@router.get(
    "/requisitions/{int:pk}/applications/{int:application}/scorecards/",
    response=schemas.Scorecards,
    url_name="scorecard-list",
)
def list_scorecards(request, pk: int, application: int):
    """A candidate's scorecards: yours, and the others' only once yours is in for every
    interview of theirs you sit on (the panel-independence rule of every page)."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    cards = Scorecard.objects.filter(
        interview__in=interviews_for(request, requisition).filter(application=found)
    ).select_related("author")
    mine = [c for c in cards if c.author_id == request.user.pk]
    open_to_me = may_see_others(application=found, user=request.user)
    others = []
    if open_to_me:
        others = list(
            Scorecard.objects.submitted()
            .filter(interview__application=found)
            .exclude(author=request.user)
            .select_related("author")
            .order_by("interview__starts_at", "submitted_at")
        )
    return {
        "mine": [shapes.scorecard(c) for c in mine],
        "others": [shapes.scorecard(c) for c in others],
        "others_held": not open_to_me,
    }


@router.get(
    "/requisitions/{int:pk}/checkins/",
    response=schemas.CheckInPage,
    url_name="checkin-list",
)
def list_checkins(request, pk: int, paging: Query[Paging]):
    """The search's check-ins and their records (for the recruiter, HR and the hiring
    manager: 403 for an interviewer, as the Check-ins tab)."""
    requisition = requisition_for(request, pk, journal=True)
    found = CheckIn.objects.filter(requisition=requisition).select_related("recorded_by")
    rows, following = page(found, cursor=paging.cursor, limit=paging.limit)
    return {"items": [shapes.checkin(r) for r in rows], "next_cursor": following}
