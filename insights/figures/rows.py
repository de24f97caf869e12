"""The rows behind a figure: the commitments, check-ins, candidates and searches it was
computed from, filtered the same way."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from checkins.models import CheckIn
from commitments.models import Commitment
from hiring.models import Requisition
from interviews.models import Interview, Offer
from pipeline.models import Application, Stage

from .on_time import MET, OPEN, WAIVED, counted_commitments, settled_at
from .pulse import counted_checkins
from .scopes import OTHERS, SIDE_LABELS, SIDE_OF_PARTY, Period, Scope
from .searches import searches_of

# --- the rows behind a figure ---------------------------------------------------------------
RUNNING = Q(state=OPEN, paused_at__isnull=True)
OUTCOMES = {
    "due": "Due",
    "decided": "Settled (met, or overdue now): what on-time % is of",
    "on_time": "Met on time",
    "met_late": "Met late",
    "late": "Late (met late or overdue now)",
    "overdue": "Overdue now",
    "waiting": "Not due yet",
    "waived": "Waived",
    "declined": "Declined by its owner (reason accepted)",
    "extended": "Extended (counted against the new deadline)",
    "paused": "Paused (the search is on hold)",
}


def _outcome_filter(outcome: str, now) -> Q:
    met_late = Q(state=MET, met_at__gt=F("due_at"))
    overdue = RUNNING & Q(due_at__lt=now)
    return {
        "due": ~Q(state=OPEN, paused_at__isnull=False),
        "decided": Q(state=MET) | overdue,
        "on_time": Q(state=MET, met_at__lte=F("due_at")),
        "met_late": met_late,
        "late": met_late | overdue,
        "overdue": overdue,
        "waiting": RUNNING & Q(due_at__gte=now),
        "waived": Q(state=WAIVED),
        "declined": Q(state=Commitment.State.DECLINED),
        "extended": Q(extensions__gt=0) & ~Q(state=OPEN, paused_at__isnull=False),
        "paused": Q(state=OPEN, paused_at__isnull=False),
    }.get(outcome, Q())


def commitment_rows(
    viewer, scope: Scope, period: Period, *, kind="", side="", outcome="", now=None
):
    """The commitments behind a commitment figure: the same rows `commitment_figures`
    counts, narrowed to one kind, side and outcome (OUTCOMES), latest settled first."""
    now = now or timezone.now()
    rows = counted_commitments(viewer, scope, period)
    if kind:
        rows = rows.filter(kind=kind)
    if side in SIDE_LABELS:
        parties = [party for party, s in SIDE_OF_PARTY.items() if s == side]
        rows = (
            rows.filter(party__in=parties)
            if side != OTHERS
            else rows.exclude(party__in=list(SIDE_OF_PARTY))
        )
    return (
        rows.filter(_outcome_filter(outcome, now))
        .annotate(settled_on=settled_at())
        .select_related("requisition", "owner", "late_owner")
        .order_by("-settled_on", "-pk")
    )


CHECKIN_STATES = {
    "agreed": "Agreed",
    "held": "Held",
    "missed": "Missed",
    "cancelled": "Cancelled by hand",
    "unrecorded": "Not recorded yet",
}


def checkin_rows(viewer, scope: Scope, period: Period, *, state="", now=None):
    """The check-ins behind `checkin_figures`, narrowed to one state (CHECKIN_STATES)."""
    rows = counted_checkins(viewer, scope, period, now=now)
    if state == "unrecorded":
        rows = rows.filter(state=CheckIn.State.SCHEDULED)
    elif state in ("held", "missed", "cancelled"):
        rows = rows.filter(state=state)
    return rows.select_related("requisition", "recorded_by").order_by("-starts_at", "-pk")


def outcome_of(commitment: Commitment, now: datetime) -> str:
    """The outcome a row is counted under (Tally's words)."""
    if commitment.state == MET:
        return "Met on time" if commitment.met_at <= commitment.due_at else "Met late"
    if commitment.state == WAIVED:
        return "Waived"
    if commitment.state == Commitment.State.DECLINED:
        return "Declined"
    if commitment.state == Commitment.State.WITHDRAWN:
        return "Withdrawn"
    if commitment.paused_at is not None:
        return "Paused"
    return "Overdue now" if commitment.due_at < now else "Not due yet"


def business_duration(amount: timedelta | None) -> str:
    """9 business hours → "9 h"; 25 → "3 days 1 h" (a business day is 8 hours)."""
    if amount is None:
        return ""
    minutes = round(amount / timedelta(minutes=1))
    days, minutes = divmod(minutes, 8 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return " ".join(parts) or "at once"


FUNNEL_STEPS = {
    "added": "Added",
    "submitted": "Submitted",
    "interviewed": "Interviewed",
    "offered": "Offered",
    "hired": "Hired",
}


def application_rows(viewer, scope: Scope, period: Period, *, step="added", now=None):
    """The candidates behind a funnel step, as the viewer may see them (an agency recruiter
    only those they sourced: `Application.objects.visible_to`)."""
    now = now or timezone.now()
    rows = Application.objects.visible_to(viewer).filter(
        requisition__in=searches_of(viewer, scope),
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    if step == "submitted":
        rows = rows.filter(submitted_at__isnull=False)
    elif step == "interviewed":
        rows = rows.filter(
            Exists(
                Interview.objects.filter(
                    application=OuterRef("pk"), state=Interview.State.SCHEDULED, starts_at__lt=now
                )
            )
        )
    elif step == "offered":
        rows = rows.filter(Exists(Offer.objects.filter(application=OuterRef("pk"))))
    elif step == "hired":
        rows = rows.filter(stage=Stage.HIRED)
    return rows.select_related("candidate", "requisition").order_by("-created_at", "-pk")


def filled_rows(viewer, scope: Scope, period: Period):
    """The searches behind time to fill: filled in the period."""
    return (
        searches_of(viewer, scope)
        .filter(
            state=Requisition.State.FILLED,
            opened_at__isnull=False,
            closed_at__gte=period.start,
            closed_at__lt=period.end,
        )
        .order_by("-closed_at", "-pk")
    )
