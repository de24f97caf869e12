"""The HR status board: every visible search with its state, dates, who owes what, its
candidates per stage, its next check-in and its latest pulse (DESIGN, "Status and
analytics").

A fixed number of queries whatever the number of rows on the page: the page of
requisitions (with its team), one grouped count of open and overdue commitments per
requisition and side, one of candidates per stage, one for the next check-ins and one for
the pulse answers of the latest check-ins that have any.
"""

from collections import defaultdict

from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone

from checkins.models import CheckIn, PulseAnswer, PulseSide
from commitments.models import SIDES, Commitment
from hiring.csv_export import write_csv
from hiring.models import Requisition
from pipeline.models import Application, Stage

# The board's candidate column: the stages still in play, in the pipeline's order.
IN_PLAY = (Stage.APPLIED, Stage.SCREENING, Stage.SUBMITTED, Stage.INTERVIEW, Stage.OFFER)
STAGE_SHORT = {
    Stage.APPLIED: "applied",
    Stage.SCREENING: "screening",
    Stage.SUBMITTED: "with the manager",
    Stage.INTERVIEW: "interviewing",
    Stage.OFFER: "at offer",
}
PULSE_LABEL = {PulseSide.RECRUITING: "Recruiter side", PulseSide.HIRING: "Hiring side"}

SIDE_OF_PARTY = {party: key for key, _label, parties in SIDES for party in parties}


def board_requisitions(user, *, state="", department="", overdue_only=False):
    requisitions = Requisition.objects.visible_to(user)
    if state:
        requisitions = requisitions.filter(state=state)
    else:
        requisitions = requisitions.exclude(
            state__in=[Requisition.State.FILLED, Requisition.State.CANCELLED]
        )
    if department:
        requisitions = requisitions.filter(department__iexact=department)
    if overdue_only:
        requisitions = requisitions.filter(
            commitments__state=Commitment.State.OPEN,
            commitments__paused_at__isnull=True,
            commitments__due_at__lt=timezone.now(),
        ).distinct()
    return requisitions.order_by("target_start_date", "title").with_team()


def commitment_figures(requisition_ids, now=None):
    """{requisition id: {side: {"open": n, "overdue": n}, "next_due": datetime}}"""
    now = now or timezone.now()
    figures = defaultdict(lambda: {key: {"open": 0, "overdue": 0} for key, _l, _p in SIDES})
    rows = (
        Commitment.objects.open()
        .filter(requisition_id__in=requisition_ids)
        .values("requisition_id", "party")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now, paused_at__isnull=True)),
            next_due=Min("due_at", filter=Q(paused_at__isnull=True)),
        )
    )
    for row in rows:
        entry = figures[row["requisition_id"]]
        side = entry[SIDE_OF_PARTY.get(row["party"], "recruiter")]
        side["open"] += row["open"]
        side["overdue"] += row["overdue"]
        if row["next_due"] and (
            entry.get("next_due") is None or row["next_due"] < entry["next_due"]
        ):
            entry["next_due"] = row["next_due"]
    return figures


def search_figures(requisition_ids, now=None):
    """{requisition id: {"stages": [(label, n)], "in_play": n, "hired": n,
    "next_checkin": datetime | None, "pulse": {side: (average, answers)}}}"""
    now = now or timezone.now()
    figures = defaultdict(lambda: {"stages": [], "in_play": 0, "hired": 0, "pulse": {}})
    counts = defaultdict(dict)
    for row in (
        Application.objects.filter(requisition_id__in=requisition_ids)
        .values("requisition_id", "stage")
        .annotate(n=Count("pk"))
    ):
        counts[row["requisition_id"]][row["stage"]] = row["n"]
    for requisition_id, by_stage in counts.items():
        entry = figures[requisition_id]
        entry["stages"] = [(STAGE_SHORT[s], by_stage[s]) for s in IN_PLAY if by_stage.get(s)]
        entry["in_play"] = sum(by_stage.get(s, 0) for s in IN_PLAY)
        entry["hired"] = by_stage.get(Stage.HIRED, 0)
    for row in (
        CheckIn.objects.filter(
            requisition_id__in=requisition_ids,
            state=CheckIn.State.SCHEDULED,
            starts_at__gte=now,
        )
        .values("requisition_id")
        .annotate(next=Min("starts_at"))
    ):
        figures[row["requisition_id"]]["next_checkin"] = row["next"]
    latest = (
        PulseAnswer.objects.filter(requisition_id__in=requisition_ids)
        .values("requisition_id")
        .annotate(last=Max("checkin__starts_at"))
    )
    wanted = {row["requisition_id"]: row["last"] for row in latest}
    if wanted:
        on_latest = Q()
        for requisition_id, last in wanted.items():
            on_latest |= Q(requisition_id=requisition_id, checkin__starts_at=last)
        for row in (
            PulseAnswer.objects.filter(on_latest)
            .values("requisition_id", "side")
            .annotate(average=Avg("score"), answers=Count("pk"))
        ):
            figures[row["requisition_id"]]["pulse"][row["side"]] = (
                round(row["average"], 1),
                row["answers"],
            )
    for entry in figures.values():
        pulse = entry["pulse"]
        entry["pulse_rows"] = [
            (PULSE_LABEL[side], pulse[side][0]) for side in PulseSide.values if side in pulse
        ]
    return figures


def pulse_text(pulse: dict) -> str:
    """'Recruiter side 4.0 · Hiring manager and HR side 3.5' (of 5)."""
    return " · ".join(
        f"{PulseSide(side).label} {pulse[side][0]:g}" for side in PulseSide.values if side in pulse
    )


def write_board_csv(response, requisitions, figures, searches=None):
    """Through the one CSV writer: titles, departments and names are people's text."""
    header = [
        "Requisition",
        "Department",
        "State",
        "Priority",
        "Days open",
        "Target start",
        "Recruiter",
        "Hiring manager",
        "HR generalist",
        "Recruiter open",
        "Recruiter overdue",
        "HR open",
        "HR overdue",
        "Hiring manager side open",
        "Hiring manager side overdue",
        "Next deadline",
        "Candidates in play",
        "Hired",
        "Next check-in",
        "Latest pulse (of 5)",
    ]
    searches = searches if searches is not None else search_figures([r.pk for r in requisitions])
    rows = []
    for requisition in requisitions:
        entry = figures[requisition.pk]
        search = searches[requisition.pk]
        rows.append(
            [
                requisition.title,
                requisition.department,
                requisition.get_state_display(),
                requisition.get_priority_display(),
                requisition.days_open if requisition.days_open is not None else "",
                requisition.target_start_date or "",
                getattr(requisition.recruiter, "display_name", ""),
                getattr(requisition.hiring_manager, "display_name", ""),
                getattr(requisition.hr_generalist, "display_name", ""),
                entry["recruiter"]["open"],
                entry["recruiter"]["overdue"],
                entry["hr_generalist"]["open"],
                entry["hr_generalist"]["overdue"],
                entry["hiring_manager"]["open"],
                entry["hiring_manager"]["overdue"],
                entry["next_due"].isoformat() if entry.get("next_due") else "",
                search["in_play"],
                search["hired"],
                search["next_checkin"].isoformat() if search.get("next_checkin") else "",
                pulse_text(search["pulse"]),
            ]
        )
    write_csv(response, rows, header=header)
