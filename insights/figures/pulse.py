"""Check-ins held against those agreed, and the relationship pulse of each side."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from checkins.models import CheckIn, PulseAnswer, PulseSide
from hiring.models import HiringTeamMember, TeamRole

from .scopes import Period, Scope, scope_requisitions, sees_everyone


# --- check-ins and the pulse ----------------------------------------------------------------
@dataclass
class CheckInFigures:
    """Check-ins held against those agreed.

    - **agreed**: occurrences of the agreed schedule that started in the period (and before
      now), except those cancelled because the search was on hold (nobody owed them).
    - **held**, **missed** (recorded as missed), **cancelled** (by hand), **unrecorded**
      (their time passed and nobody has recorded them yet).
    - **held %**: held ÷ agreed, rounded; None when none was agreed.
    """

    agreed: int = 0
    held: int = 0
    missed: int = 0
    cancelled: int = 0

    @property
    def unrecorded(self) -> int:
        return self.agreed - self.held - self.missed - self.cancelled

    @property
    def held_pct(self) -> int | None:
        return round(100 * self.held / self.agreed) if self.agreed else None


def counted_checkins(viewer, scope: Scope, period: Period, *, now=None):
    now = now or timezone.now()
    return CheckIn.objects.filter(
        requisition__in=scope_requisitions(viewer, scope),
        starts_at__gte=period.start,
        starts_at__lt=min(period.end, now),
    ).exclude(state=CheckIn.State.CANCELLED, suspended=True)


def checkin_aggregates():
    return {
        "agreed": Count("pk"),
        "held": Count("pk", filter=Q(state=CheckIn.State.HELD)),
        "missed": Count("pk", filter=Q(state=CheckIn.State.MISSED)),
        "cancelled": Count("pk", filter=Q(state=CheckIn.State.CANCELLED)),
    }


def checkin_figures(viewer, scope: Scope, period: Period, *, now=None) -> CheckInFigures:
    """Held against agreed (see `CheckInFigures`). One query."""
    row = counted_checkins(viewer, scope, period, now=now).aggregate(**checkin_aggregates())
    return CheckInFigures(**row)


PULSE_SHORT = {PulseSide.RECRUITING: "Recruiter side", PulseSide.HIRING: "Hiring side"}
MIN_PULSE_ANSWERS = 2  # as checkins.records.MIN_ANSWERS_SHOWN: never who said what


@dataclass(frozen=True)
class PulseFigure:
    """The relationship pulse of one side: the average of its 1–5 answers to check-ins held
    in the period, and how many answers that is."""

    side: str
    average: float | None
    answers: int

    @property
    def label(self) -> str:
        return PulseSide(self.side).label

    @property
    def short_label(self) -> str:
        return PULSE_SHORT[self.side]


def visible_pulse_answers(viewer, requisitions):
    """The pulse answers a viewer may count. HR leads, admins and HR generalists see every
    answer of their searches (as on the check-ins tab); anyone else sees their own answers
    and, of the other answers, only those of check-ins with at least MIN_PULSE_ANSWERS on
    that side (so a single answer is never read back to its author's counterpart)."""
    answers = PulseAnswer.objects.filter(requisition__in=requisitions)
    if sees_everyone(viewer):
        return answers
    hr_on = HiringTeamMember.objects.filter(
        requisition=OuterRef("requisition"), user=viewer, role=TeamRole.HR_GENERALIST
    )
    enough = (
        PulseAnswer.objects.filter(checkin=OuterRef("checkin"), side=OuterRef("side"))
        .values("checkin")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_PULSE_ANSWERS)
    )
    return answers.filter(Q(Exists(hr_on)) | Q(person=viewer) | Q(Exists(enough)))


def pulse_figures(viewer, scope: Scope, period: Period) -> list[PulseFigure]:
    """Each side's average pulse (see `PulseFigure`), from the answers the viewer may count.
    One query."""
    rows = {
        row["side"]: row
        for row in visible_pulse_answers(viewer, scope_requisitions(viewer, scope))
        .filter(checkin__starts_at__gte=period.start, checkin__starts_at__lt=period.end)
        .values("side")
        .annotate(total=Sum("score"), answers=Count("pk"))
        .order_by()
    }
    figures = []
    for side in PulseSide.values:
        row = rows.get(side)
        average = round(row["total"] / row["answers"], 1) if row and row["answers"] else None
        figures.append(
            PulseFigure(side=side, average=average, answers=row["answers"] if row else 0)
        )
    return figures
