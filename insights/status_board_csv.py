"""The status board's CSV: exactly the rows the board's filters select, in its order, a chunk
at a time through the board's own figures (`insights.status_board.board_rows`), so the
memory held is one chunk's however many searches are exported. Written by the one CSV writer
(`hiring.csv_export`) in the view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from django.utils import timezone

from checkins.models import PulseSide
from hiring.models import Requisition

from .status_board import BoardRow, board_rows

CSV_CHUNK = 500

CSV_HEADER = [
    "Requisition",
    "Department",
    "State",
    "Priority",
    "Days open",
    "Target start",
    "Recruiter",
    "Hiring manager",
    "HR generalist",
    "Agreement",
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
    "At risk",
]


def pulse_text(pulse: dict) -> str:
    """'Recruiter side 4.0 · Hiring manager and HR side 3.5' (of 5)."""
    return " · ".join(
        f"{PulseSide(side).label} {pulse[side][0]:g}" for side in PulseSide.values if side in pulse
    )


def _iso(moment: datetime | date | None) -> str:
    return moment.isoformat() if moment else ""


def csv_row(row: BoardRow) -> list:
    requisition, entry, search = row.requisition, row.figures, row.search
    return [
        requisition.title,
        requisition.department,
        requisition.get_state_display(),
        requisition.get_priority_display(),
        requisition.days_open if requisition.days_open is not None else "",
        requisition.target_start_date or "",
        getattr(requisition.recruiter, "display_name", ""),
        getattr(requisition.hiring_manager, "display_name", ""),
        getattr(requisition.hr_generalist, "display_name", ""),
        " · ".join(part for part in (row.agreement.label, row.agreement.note) if part),
        entry["recruiter"]["open"],
        entry["recruiter"]["overdue"],
        entry["hr_generalist"]["open"],
        entry["hr_generalist"]["overdue"],
        entry["hiring_manager"]["open"],
        entry["hiring_manager"]["overdue"],
        _iso(entry.get("next_due")),
        search["in_play"],
        search["hired"],
        _iso(search.get("next_checkin")),
        pulse_text(search["pulse"]),
        # The board's "At risk" tag: an agreed consequence is in force until the work is met.
        "yes" if entry.get("at_risk") else "",
    ]


def board_csv_rows(requisitions, *, now=None, chunk: int = CSV_CHUNK) -> Iterator[list]:
    """Every filtered row, in the board's order, a chunk at a time: the ids in order first
    (one query), then each chunk's searches and figures (board_rows) — the memory held is
    one chunk's, however many searches are exported."""
    now = now or timezone.now()
    ids = list(requisitions.values_list("pk", flat=True))
    base = Requisition.objects.with_team()
    for start in range(0, len(ids), chunk):
        wanted = ids[start : start + chunk]
        found = base.in_bulk(wanted)
        for row in board_rows([found[pk] for pk in wanted if pk in found], now):
            yield csv_row(row)
