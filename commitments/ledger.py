"""Opening, meeting and waiving commitments. Every other app goes through these functions;
nobody ticks a commitment off by hand (DESIGN: "Met by the domain event itself")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hiring.journal import record_activity

from .business_time import BusinessCalendar
from .models import Commitment
from .service_terms import ServiceTerm, Unit


@dataclass(frozen=True)
class Ladder:
    """When the steps around a deadline go out, in business hours."""

    nudge_before: float = 4
    escalate_after: float = 8
    second_escalate_after: float = 24

    @classmethod
    def default(cls) -> Ladder:
        return cls(**getattr(settings, "ACCORD_REMINDER_LADDER", {}))


def due_at_for(*, requisition, term: ServiceTerm, started_at: datetime) -> datetime:
    calendar = BusinessCalendar.for_requisition(requisition)
    if term.unit == Unit.END_OF_DAY:
        return calendar.end_of_day(started_at)
    return calendar.add(started_at, timedelta(hours=term.business_hours))


@transaction.atomic
def open_commitment(
    *,
    kind: str,
    requisition,
    owner,
    party: str,
    subject,
    title: str,
    url: str,
    started_at: datetime | None = None,
    term: ServiceTerm | None = None,
    due_at: datetime | None = None,
    ladder: Ladder | None = None,
) -> Commitment:
    """Open one promise and fix its reminder ladder in business time.

    Give either `term` (a service level: due N business hours/days after `started_at`) or an
    explicit `due_at` (an action item's agreed date). Idempotent: while an open commitment of
    this kind, subject and owner exists, it is returned unchanged.
    """
    if (term is None) == (due_at is None):
        raise ValueError("Give exactly one of term and due_at.")
    started_at = started_at or timezone.now()
    subject_type = ContentType.objects.get_for_model(subject)
    existing = Commitment.objects.open().filter(
        kind=kind, subject_type=subject_type, subject_id=subject.pk, owner=owner
    )
    if found := existing.first():
        return found
    if due_at is None:
        due_at = due_at_for(requisition=requisition, term=term, started_at=started_at)
    ladder = ladder or Ladder.default()
    calendar = BusinessCalendar.for_requisition(requisition)
    nudge_at = calendar.subtract_hours(due_at, ladder.nudge_before)
    if nudge_at <= started_at:
        nudge_at = None  # too short a deadline to nudge before it
    commitment = Commitment(
        kind=kind,
        requisition=requisition,
        owner=owner,
        party=party,
        subject_type=subject_type,
        subject_id=subject.pk,
        title=title[:200],
        url=url[:300],
        started_at=started_at,
        due_at=due_at,
        nudge_at=nudge_at,
        escalate_at=calendar.add_hours(due_at, ladder.escalate_after),
        second_escalate_at=calendar.add_hours(due_at, ladder.second_escalate_after),
    )
    commitment.next_step_at = commitment.next_step_after(0)
    try:
        with transaction.atomic():
            commitment.save()
    except IntegrityError:
        # Opened at the same moment by another request: theirs stands.
        return existing.get()
    return commitment


def meet_commitments(*, subject, kind: str, owner=None, met_at: datetime | None = None) -> int:
    """Mark as met the open commitments of `kind` on `subject` (only `owner`'s, if given).

    Call it inside the transaction of the event that fulfils them, so the promise is met
    exactly when the event is recorded. A conditional update: a sweep that already locked
    the row waits, then sees it met and sends nothing.
    """
    rows = Commitment.objects.open().for_subject(subject).filter(kind=kind)
    if owner is not None:
        rows = rows.filter(owner=owner)
    return rows.update(
        state=Commitment.State.MET, met_at=met_at or timezone.now(), next_step_at=None
    )


@transaction.atomic
def waive_commitment(*, commitment: Commitment, waived_by, reason: str) -> Commitment:
    """Release the owner from a promise, with a reason; nothing more is sent for it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give a reason for waiving it.")
    if commitment.state != Commitment.State.OPEN:
        raise ValidationError("It is no longer open.")
    if not commitment.can_be_waived_by(waived_by):
        raise PermissionDenied("Only HR or the other side can waive this.")
    changed = (
        Commitment.objects.open()
        .filter(pk=commitment.pk)
        .update(
            state=Commitment.State.WAIVED,
            waived_at=timezone.now(),
            waived_by=waived_by,
            waived_reason=reason[:300],
            next_step_at=None,
        )
    )
    if not changed:
        raise ValidationError("It is no longer open.")
    commitment.refresh_from_db()
    record_activity(
        requisition=commitment.requisition,
        actor=waived_by,
        kind="commitment_waived",
        summary=f"Waived “{commitment.title}” owed by {commitment.owner.display_name}: {reason}",
        details={"commitment": commitment.pk},
    )
    return commitment


def withdraw_commitments(*, subject, kind: str, reason: str) -> int:
    """Close open commitments that no longer make sense (a superseded agreement version,
    a cancelled interview) without counting them against anybody."""
    return (
        Commitment.objects.open()
        .for_subject(subject)
        .filter(kind=kind)
        .update(
            state=Commitment.State.WAIVED,
            waived_at=timezone.now(),
            waived_reason=reason[:300],
            next_step_at=None,
        )
    )
