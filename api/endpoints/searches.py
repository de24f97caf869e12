"""A search's agreement in force, its interviews and scorecards, and its check-ins: each
through the door and the rule of its page (`intake.access.visible_parts`,
`interviews.doors.interviews_for`, `interviews.feedback.may_see_others`,
`hiring.doors.requisition_for(journal=True)`)."""

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from checkins.models import CheckIn
from hiring.doors import requisition_for
from intake import access as intake_access
from intake.models import Agreement
from intake.versions import read_parts
from interviews.doors import interviews_for
from interviews.feedback import may_see_others
from interviews.models import Scorecard
from pipeline.doors import application_for

from .. import schemas
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


def _interview(row) -> dict:
    return {
        "id": row.pk,
        "application_id": row.application_id,
        "candidate_name": row.application.candidate.name,
        "stage_name": row.stage_name,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "location": row.location,
        "state": row.state,
        "interviewers": [person(u) for u in row.interviewers.all()],
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
    return {"items": [_interview(r) for r in rows], "next_cursor": following}


def _scorecard(card) -> dict:
    return {
        "id": card.pk,
        "interview_id": card.interview_id,
        "author": person(card.author),
        "state": card.state,
        "recommendation": card.recommendation,
        "ratings": [
            {"area": str(r.get("area", "")), "rating": r.get("rating"), "note": r.get("note", "")}
            for r in card.ratings
        ],
        "notes": card.notes,
        "submitted_at": card.submitted_at,
    }


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
        "mine": [_scorecard(c) for c in mine],
        "others": [_scorecard(c) for c in others],
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
    return {
        "items": [
            {
                **{
                    f: getattr(r, f)
                    for f in (
                        "id",
                        "requisition_id",
                        "starts_at",
                        "ends_at",
                        "state",
                        "recorded_at",
                        "progress",
                        "blockers",
                        "missed_reason",
                    )
                },
                "recorded_by": person(r.recorded_by) if r.recorded_by else None,
            }
            for r in rows
        ],
        "next_cursor": following,
    }
