"""Scheduling an interview and submitting a scorecard, through the pages' forms and the
domain functions behind them (`interviews.scheduling.schedule_interview`,
`interviews.feedback.submit_scorecard`): the same rights, the same refusals, the same
messages. The panel-independence rule is not touched here: a scorecard is read back through
`GET …/scorecards/`, which asks `interviews.feedback.may_see_others` as every page does."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from ninja import Router, Status

from accounts.forms_base import place_errors
from hiring.doors import requisition_for
from interviews import access
from interviews.doors import interview_for
from interviews.feedback import submit_scorecard
from interviews.forms import InterviewForm, ScorecardForm
from interviews.scheduling import plan_stages, schedule_interview, schedule_warnings
from pipeline.doors import application_for

from .. import schemas, shapes
from ..errors import Refused, form_errors

router = Router(tags=["interviews"])

NO_PLAN = "Agree an interview plan first: there is no active agreement."


def _query(values: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            query.setlist(key, [str(v) for v in value])
        elif value is not None:
            query[key] = str(value)
    return query


@router.post(
    "/requisitions/{int:pk}/applications/{int:application}/interviews/",
    response={201: schemas.ScheduledInterview, 422: schemas.Problem},
    url_name="interview-create",
)
def create_interview(request, pk: int, application: int, body: schemas.InterviewIn):
    """Schedule an interview at a stage of the agreed plan, by the rules of the page's
    "Schedule an interview" form, and send the invites (`schedule_interview`). What the
    page's review step shows as warnings (a weekend, someone already busy) comes back in
    `warnings`; they do not block, as on the page."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    if not access.can_schedule(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager schedule interviews.")
    stages = plan_stages(requisition)
    form = InterviewForm(
        _query({**body.dict(), "confirm": "on"}),
        requisition=requisition,
        stages=stages,
    )
    if not stages:
        form.add_error(None, NO_PLAN)
    if not form.is_valid():
        raise Refused(form_errors(form))
    data = form.cleaned_data
    warnings = schedule_warnings(
        requisition=requisition,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        interviewers=data["interviewer_users"],
        application=found,
    )
    try:
        interview = schedule_interview(
            application=found,
            stage_index=data["stage"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
            notes=data["notes"],
            interviewers=data["interviewer_users"],
            scheduled_by=request.user,
        )
    except ValidationError as error:
        place_errors(form, error)
        raise Refused(form_errors(form)) from None
    shown = interview_for(request, requisition, interview.pk)
    return Status(201, {**shapes.interview(shown), "warnings": warnings})


# The page's form names a focus area's fields by its place in the stage (rating_0, note_0);
# the API names them by the place in `ratings`, as the schema's own errors do.
def _scorecard_errors(form) -> dict[str, list[str]]:
    errors = {}
    for field, messages in form_errors(form).items():
        kind, _, index = field.partition("_")
        if kind in ("rating", "note") and index.isdigit():
            field = f"ratings.{index}.{kind}"
        errors[field] = messages
    return errors


@router.post(
    "/requisitions/{int:pk}/interviews/{int:interview}/scorecard/",
    response={200: schemas.Scorecard, 422: schemas.Problem},
    url_name="scorecard-submit",
)
def submit_scorecard_(request, pk: int, interview: int, body: schemas.ScorecardIn):
    """Submit your scorecard of an interview you sat on (or amend it: the journal keeps
    both), by the rules of the scorecard page: every focus area rated 1–4 and an overall
    recommendation; it opens when the interview starts. Submitting meets your feedback
    commitment. `ratings` name the interview's `focus_areas`; errors about one are keyed
    `ratings.<place in the interview's focus_areas>.rating`."""
    requisition = requisition_for(request, pk)
    found = interview_for(request, requisition, interview)
    if not found.is_on_panel(request.user):
        raise PermissionDenied("Only the interview's panel writes its scorecards.")
    areas = list(found.focus_areas)
    values = {"recommendation": body.recommendation, "notes": body.notes}
    unknown = []
    for rating in body.ratings:
        if rating.area not in areas:
            unknown.append(f"“{rating.area}” is not a focus area of this interview.")
            continue
        i = areas.index(rating.area)
        values[f"rating_{i}"] = rating.rating
        values[f"note_{i}"] = rating.note
    if unknown:
        raise Refused({"ratings": unknown})
    form = ScorecardForm(_query(values), interview=found)
    if not form.is_valid():
        raise Refused(_scorecard_errors(form))
    try:
        card = submit_scorecard(
            interview=found,
            author=request.user,
            ratings=form.ratings(),
            recommendation=form.cleaned_data["recommendation"],
            notes=form.cleaned_data["notes"],
        )
    except ValidationError as error:
        place_errors(form, error)
        raise Refused(_scorecard_errors(form)) from None
    card.author = request.user
    return shapes.scorecard(card)
