"""A check-in that prepares itself (issue 21): its agenda, from what happened since the last
one — each side's overdue and due-soon commitments, candidates moved, interviews held, the
figures of the period, open action items, the pulse trend, any "the decisions and the brief
disagree" finding, and the check-ins missed since the last one held. The record page starts
from it (the progress field is prefilled with `agenda_text`); attendees read it on the
check-in's page. Reads only: nine queries whatever the search's size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from interviews.models import Interview
from pipeline.models import Stage, StageChange
from pipeline.recalibration import finding_for

from .models import ActionItem, CheckIn, PulseAnswer, PulseSide
from .records import SIDE_OF_ROLE

DUE_SOON = timedelta(days=3)


@dataclass
class Side:
    label: str
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)


@dataclass
class Agenda:
    checkin: CheckIn
    since: datetime
    previous: CheckIn | None
    sides: list[Side]
    moves: list  # StageChange since, newest first (at most 12)
    moved: dict  # to-stage label → count
    interviews_held: list
    action_items: list
    pulse: list  # (side label, [averages of the last check-ins, oldest first])
    finding: object | None
    missed: list  # check-ins since the last held one that were missed or never recorded

    def follow_as(self, user) -> Agenda:
        """Give each commitment on it the link `user` may follow (`Commitment.link_for`):
        the check-in's page is the manager's too, and the recruiter's commitments are not
        theirs to open."""
        reads_journal = self.checkin.requisition.can_read_journal(user)
        for side in self.sides:
            for commitment in (*side.overdue, *side.due_soon):
                commitment.link = commitment.link_for(user, reads_journal=reads_journal)
        return self

    @property
    def is_empty(self) -> bool:
        return not (
            any(s.overdue or s.due_soon for s in self.sides)
            or self.moves
            or self.interviews_held
            or self.action_items
            or self.finding
            or self.missed
        )


def agenda_for(checkin: CheckIn, *, now: datetime | None = None) -> Agenda:
    """The agenda of `checkin` as of `now`."""
    now = now or timezone.now()
    requisition = checkin.requisition
    before = CheckIn.objects.filter(requisition=requisition, starts_at__lt=checkin.starts_at)
    previous = (
        before.filter(state__in=[CheckIn.State.HELD, CheckIn.State.MISSED])
        .order_by("-starts_at")
        .first()
    )
    since = previous.starts_at if previous else (requisition.opened_at or requisition.created_at)
    last_held = before.filter(state=CheckIn.State.HELD).order_by("-starts_at").first()
    unheld = before.exclude(state__in=[CheckIn.State.HELD, CheckIn.State.CANCELLED])
    if last_held is not None:
        unheld = unheld.filter(starts_at__gt=last_held.starts_at)
    missed = list(unheld.order_by("starts_at"))
    sides = {side.value: Side(side.label) for side in PulseSide}
    for commitment in (
        Commitment.objects.open()
        .filter(requisition=requisition, due_at__lte=now + DUE_SOON)
        .exclude(kind=CommitmentKind.RECORD_CHECKIN, subject_id=checkin.pk)
        .select_related("owner")
        .order_by("due_at")
    ):
        side = sides[SIDE_OF_ROLE.get(commitment.party, PulseSide.HIRING)]
        (side.overdue if commitment.due_at < now else side.due_soon).append(commitment)
    moves = list(
        StageChange.objects.filter(application__requisition=requisition, at__gte=since)
        .select_related("application__candidate", "by")
        .order_by("-at", "-pk")
    )
    moved = Counter(Stage(m.to_stage).label for m in moves)
    held = list(
        Interview.objects.scheduled()
        .filter(application__requisition=requisition, ends_at__gte=since, ends_at__lte=now)
        .select_related("application__candidate")
        .order_by("ends_at")
    )
    items = list(
        ActionItem.objects.filter(requisition=requisition, done_at=None)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    finding = finding_for(requisition)
    return Agenda(
        checkin=checkin,
        since=since,
        previous=previous,
        sides=list(sides.values()),
        moves=moves[:12],
        moved=dict(moved),
        interviews_held=held,
        action_items=items,
        pulse=_pulse_trend(requisition),
        finding=finding if finding is not None and finding.raised else None,
        missed=missed,
    )


def _pulse_trend(requisition, last: int = 4) -> list[tuple[str, list[float]]]:
    """Each side's average pulse at its last `last` check-ins, oldest first."""
    scores: dict[str, dict[int, list[int]]] = {side.value: {} for side in PulseSide}
    for side, checkin_id, score in (
        PulseAnswer.objects.filter(requisition=requisition)
        .order_by("checkin__starts_at", "pk")
        .values_list("side", "checkin_id", "score")
    ):
        scores[side].setdefault(checkin_id, []).append(score)
    return [
        (PulseSide(side).label, [round(sum(v) / len(v), 1) for v in list(by.values())[-last:]])
        for side, by in scores.items()
    ]


def agenda_text(agenda: Agenda, zone) -> str:
    """The agenda as plain lines: what the record's progress starts from."""
    lines = [f"Since {timezone.localtime(agenda.since, zone):%a %d %b}:"]
    if agenda.missed:
        when = ", ".join(f"{timezone.localtime(c.starts_at, zone):%d %b}" for c in agenda.missed)
        lines.append(f"- Check-ins missed or not recorded: {when}")
    if agenda.moved:
        moved = ", ".join(f"{n} to {label.lower()}" for label, n in agenda.moved.items())
        lines.append(f"- Candidates moved: {moved}")
    if agenda.interviews_held:
        lines.append(f"- Interviews held: {len(agenda.interviews_held)}")
    for side in agenda.sides:
        if side.overdue or side.due_soon:
            lines.append(
                f"- {side.label}: {len(side.overdue)} overdue, {len(side.due_soon)} due soon"
            )
    if agenda.action_items:
        lines.append(f"- Open action items: {len(agenda.action_items)}")
    if agenda.finding:
        lines.append(f"- The decisions and the brief disagree: {agenda.finding.headline}")
    if len(lines) == 1:
        lines.append("- Nothing moved.")
    return "\n".join(lines)
