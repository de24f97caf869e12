"""The Candidates tab of a search: its board (a column per stage, interview rounds by the
agreed plan's names, closed ones last) and its sortable list.

A page of 300 cards stays a fixed number of queries: everything a card shows — its link,
its one-click move, who has the ball, the days in stage — is worked out here once, not
looked up (or reversed) per card in the template.
"""

from django.urls import reverse
from django.utils import timezone

from commitments.service_terms import Party
from intake.agreements import active_agreement_for

from . import access
from .forms import SORTS
from .models import Application, Source, Stage
from .stages import next_stage_key, open_stage_keys


def board_columns(applications, plan) -> list[dict]:
    """The board's columns in the pipeline's order, each with its cards; "Closed" last.
    A card at an interview round the current plan no longer has gets a column of its own."""
    keys = open_stage_keys(len(plan))
    labels = {k: Stage(k).label for k in keys if not k.startswith("interview:")}
    labels[Stage.SUBMITTED] = "Submitted"
    for i, stage in enumerate(plan):
        labels[f"interview:{i}"] = stage.name
    columns = {k: {"key": k, "label": labels[k], "cards": []} for k in keys}
    closed = {"key": "closed", "label": "Closed", "cards": []}
    for application in applications:
        key = application.stage_key
        if application.is_closed:
            closed["cards"].append(application)
        elif key in columns:
            columns[key]["cards"].append(application)
        else:  # an interview round the current plan no longer has
            label = application.stage_label
            columns.setdefault(key, {"key": key, "label": label, "cards": []})
            columns[key]["cards"].append(application)
    return [*columns.values(), closed]


def candidates_board(
    *,
    requisition,
    user,
    view: str = "board",
    sort: str = "days",
    direction: str = "desc",
    stage: str = "",
) -> dict:
    """What the Candidates tab shows `user`: the board or (view="list") the list sorted by
    `sort` in `direction` and filtered to `stage`, with each card's move and links."""
    agreement = active_agreement_for(requisition)
    plan = agreement.interview_plan.stages if agreement else ()
    applications = Application.objects.visible_to(user).for_requisition(requisition).for_board()
    if view == "list":
        field = SORTS[sort][0]
        # "Days in stage" descending = the longest waiting first = the oldest change first.
        descending = (direction == "desc") != (sort == "days")
        applications = applications.order_by(f"-{field}" if descending else field, "pk")
        if stage:
            applications = applications.filter(stage=stage)
    else:
        applications = applications.order_by("stage_changed_at", "pk")
    applications = list(applications)
    # A card's one-click move is for whoever has the ball: the recruiter's side screens
    # and submits (and records a hire), the hiring manager moves through the interviews.
    # Everything else is on the candidate's page (back, reopen, reject with a reason).
    quick = set()
    if access.runs_the_search(requisition, user):
        quick |= {Stage.APPLIED, Stage.SCREENING, Stage.OFFER}
    reviewer = access.can_review(requisition, user)
    if access.is_hiring_manager(requisition, user):
        quick |= {Stage.INTERVIEW}
    base = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
    review_base = reverse("pipeline:review", kwargs={"pk": requisition.pk})
    sources = dict(Source.choices)
    labels = {
        Stage.SCREENING: "Start screening",
        Stage.SUBMITTED: "Submit to the manager",
        Stage.OFFER: "Move to offer",
        Stage.HIRED: "Mark hired",
    } | {f"interview:{i}": f"Move to {s.name}" for i, s in enumerate(plan)}
    now = timezone.now()
    for application in applications:
        application.requisition = requisition
        application.url = f"{base}{application.pk}/"
        application.move_url = f"{base}{application.pk}/move/"
        application.source_label = sources.get(application.source, application.source)
        application.days = (now - application.stage_changed_at).days
        application.ball = application.ball_with
        application.ball_label = Party(application.ball).label if application.ball else ""
        nxt = next_stage_key(application, len(plan))
        application.next_key = nxt if nxt and application.stage in quick else None
        # A submitted candidate is decided on the review page, beside the screening.
        application.review_url = (
            f"{review_base}{application.pk}/"
            if reviewer and application.stage == Stage.SUBMITTED and not application.question_open
            else ""
        )
        application.next_label = labels.get(nxt, "") if nxt else ""
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "view": view,
        "applications": applications,
        "columns": board_columns(applications, plan) if view == "board" else [],
        "sort": sort,
        "dir": direction,
        "stage_filter": stage,
        "sorts": [(key, label) for key, (_f, label) in SORTS.items()],
        "stages": Stage.choices,
        "agreement": agreement,
        "can_add": access.can_add_candidates(requisition, user),
        "can_drag": bool(access.movable_stages(requisition, user)),
        "can_review": reviewer,
        "waiting_review": sum(
            1 for a in applications if a.stage == Stage.SUBMITTED and not a.question_open
        ),
    }
