"""The Candidates tab of a search: its board (a column per stage, interview rounds by the
agreed plan's names, closed ones last) and its sortable list.

Bounded by what it shows, however big the search: each column shows its first 20 cards
(those waiting longest) with "show more", its count exact from one aggregate; the list shows
50 rows a page. One search with 2,030 candidates rendered every card (1 MB, 210 ms; issue
24). A page stays a fixed number of queries: everything a card shows — its link, its
one-click move, who has the ball, the days in stage — is worked out here once, not looked
up (or reversed) per card in the template.
"""

from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from commitments.service_terms import Party
from intake.agreements import active_agreement_for

from . import access
from .forms import SORTS
from .models import CLOSED_STAGES, Application, Source, Stage
from .rights import REVIEW, MoveRights
from .stage_limits import mark_limits
from .stages import next_stage_key, open_stage_keys

COLUMN_PAGE = 20  # cards a column shows, and how many more "show more" adds
LIST_PAGE = 50  # rows a page of the list shows


def column_key(stage: str, interview_round) -> str:
    """The board column of a stage: "closed" for both closed stages."""
    if stage in CLOSED_STAGES:
        return "closed"
    return f"interview:{interview_round}" if stage == Stage.INTERVIEW else stage


def stage_counts(applications) -> dict:
    """Exact counts per board column, and how many wait for the manager's review, in one
    aggregate over the search's candidates (application_board_idx)."""
    columns, waiting = {}, 0
    for row in (
        applications.order_by()
        .values("stage", "interview_round")
        .annotate(
            n=Count("pk"), waiting=Count("pk", filter=Q(stage=Stage.SUBMITTED, question_open=False))
        )
    ):
        key = column_key(row["stage"], row["interview_round"])
        columns[key] = columns.get(key, 0) + row["n"]
        waiting += row["waiting"]
    return {"columns": columns, "total": sum(columns.values()), "waiting": waiting}


def first_cards(applications, *, shown: dict[str, int]) -> list:
    """The first cards of every column (by how long they have waited), at most
    COLUMN_PAGE each or `shown[key]` for a column shown further, in one query: a row number
    per column (partitioned by stage and round) over the search's candidates."""
    closed = When(stage__in=CLOSED_STAGES, then=Value("closed"))
    place = Window(
        RowNumber(),
        partition_by=[
            Case(closed, default=F("stage"), output_field=CharField()),
            "interview_round",
        ],
        order_by=[F("stage_changed_at").asc(), F("pk").asc()],
    )
    wanted = Q(place__lte=COLUMN_PAGE)
    for key, limit in shown.items():
        if key == "closed":
            wanted |= Q(stage__in=CLOSED_STAGES, place__lte=limit)
        elif key.startswith("interview:"):
            wanted |= Q(stage=Stage.INTERVIEW, interview_round=int(key[10:]), place__lte=limit)
        else:
            wanted |= Q(stage=key, place__lte=limit)
    return list(
        applications.annotate(place=place).filter(wanted).order_by("stage_changed_at", "pk")
    )


def board_columns(applications, plan, counts=None) -> list[dict]:
    """The board's columns in the pipeline's order, each with its cards and its exact count
    (`counts`: `stage_counts`' columns; without it, the cards'); "Closed" last. A card at an
    interview round the current plan no longer has gets a column of its own."""
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
    found = [*columns.values(), closed]
    for column in found:
        column["count"] = (counts or {}).get(column["key"], len(column["cards"]))
        column["more"] = column["count"] - len(column["cards"])
        column["next"] = len(column["cards"]) + COLUMN_PAGE
        column["page"] = COLUMN_PAGE
    return found


def candidates_board(
    *,
    requisition,
    user,
    view: str = "board",
    sort: str = "days",
    direction: str = "desc",
    stage: str = "",
    page: int = 1,
    column: str = "",
    shown: int = 0,
) -> dict:
    """What the Candidates tab shows `user`: the board (each column's first cards, `column`
    shown to `shown` cards) or (view="list") a page of the list sorted by `sort` in
    `direction` and filtered to `stage`, with each card's move and links."""
    agreement = active_agreement_for(requisition)
    plan = agreement.interview_plan.stages if agreement else ()
    visible = Application.objects.visible_in(requisition, user)
    counts = stage_counts(visible)
    pages = None
    if view == "list":
        field = SORTS[sort][0]
        # "Days in stage" descending = the longest waiting first = the oldest change first.
        descending = (direction == "desc") != (sort == "days")
        rows = visible.for_board().order_by(f"-{field}" if descending else field, "pk")
        paginator = Paginator(rows, LIST_PAGE)
        # The count from the aggregate above, not another COUNT (both closed stages share
        # one column there: a closed stage alone is counted by the paginator).
        paginator.count = counts["total"]
        if stage:
            paginator = Paginator(rows.filter(stage=stage), LIST_PAGE)
            if stage not in CLOSED_STAGES:
                paginator.count = sum(
                    n for key, n in counts["columns"].items() if key.split(":")[0] == stage
                )
        pages = paginator.get_page(page)
        applications = list(pages.object_list)
    else:
        expanded = {column: min(max(shown, COLUMN_PAGE), 10_000)} if column else {}
        applications = first_cards(visible.for_board(), shown=expanded)
    # A card's one-click move is the next step, offered to whoever the agreement's matrix
    # lets decide it (pipeline.rights); the server asks every gate again on the click. A
    # submitted candidate is decided on the review page; everything else (back, reopen,
    # reject with a reason) is on the candidate's page.
    rights = MoveRights(requisition, user, agreement)
    reviewer = not requisition.is_closed and rights.may(REVIEW)
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
    mark_limits(applications, requisition=requisition, agreement=agreement, now=now)
    for application in applications:
        application.requisition = requisition
        application.url = f"{base}{application.pk}/"
        application.move_url = f"{base}{application.pk}/move/"
        application.source_label = sources.get(application.source, application.source)
        application.days = (now - application.stage_changed_at).days
        application.ball = application.ball_with
        application.ball_label = Party(application.ball).label if application.ball else ""
        nxt = next_stage_key(application, len(plan))
        application.next_key = (
            nxt
            if nxt
            and application.stage not in (Stage.SUBMITTED, Stage.OFFER)
            and rights.may_move(
                from_stage=application.stage, to_stage=nxt.partition(":")[0], backwards=False
            )
            else None
        )
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
        "columns": board_columns(applications, plan, counts["columns"]) if view == "board" else [],
        "total": counts["total"],
        "pages": pages,
        "list_query": urlencode(
            {"view": "list", "sort": sort, "dir": direction, **({"stage": stage} if stage else {})}
        ),
        "sort": sort,
        "dir": direction,
        "stage_filter": stage,
        "sorts": [(key, label) for key, (_f, label) in SORTS.items()],
        "stages": Stage.choices,
        "agreement": agreement,
        "can_add": access.can_add_candidates(requisition, user),
        "can_drag": bool(access.movable_stages(requisition, user)),
        "can_review": reviewer,
        "waiting_review": counts["waiting"],
    }
