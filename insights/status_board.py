"""The HR status board: every visible search with its state, dates and who owes what.

Two queries whatever the number of rows on the page: the page of requisitions (with its
team), and one grouped count of open and overdue commitments per requisition and side.
"""

from collections import defaultdict

from django.db.models import Count, Min, Q
from django.utils import timezone

from commitments.models import SIDES, Commitment
from hiring.csv_export import write_csv
from hiring.models import Requisition

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


def write_board_csv(response, requisitions, figures):
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
    ]
    rows = []
    for requisition in requisitions:
        entry = figures[requisition.pk]
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
            ]
        )
    write_csv(response, rows, header=header)
