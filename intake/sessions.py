"""Scheduling the intake (kick-off), marking it held, cancelling it, and keeping its
attendees in step with the hiring team."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from commitments.business_time import BusinessCalendar
from commitments.models import Notification
from commitments.notices import notify_event
from hiring.ics import Method
from hiring.journal import record_activity
from hiring.models import LEAD_ROLES, Requisition

from .access import can_schedule_intake
from .invites import queue_intake_invites
from .models import IntakeSession


def scheduling_warnings(*, requisition, starts_at, duration_minutes) -> list[str]:
    """What is odd about a meeting time, said but not refused: a weekend, a public holiday
    of the search's country, or a time outside the working day in its time zone."""
    calendar = BusinessCalendar.for_requisition(requisition)
    local = timezone.localtime(starts_at, calendar.zone)
    end = timezone.localtime(
        starts_at + timezone.timedelta(minutes=duration_minutes), calendar.zone
    )
    day = date_format(local, "l j F")
    warnings = []
    if calendar.is_weekend(local.date()):
        warnings.append(f"{day} is a weekend day in {requisition.country}.")
    elif not calendar.is_business_day(local.date()):
        warnings.append(f"{day} is a public holiday in {requisition.country}.")
    day_start, day_end = calendar.day_start, calendar.day_end
    if local.time() < day_start or end.time() > day_end or end.date() != local.date():
        warnings.append(
            f"{local:%H:%M}–{end:%H:%M} is outside the working day "
            f"({day_start:%H:%M}–{day_end:%H:%M}, {requisition.time_zone})."
        )
    return warnings


def _agreement_url(requisition) -> str:
    return reverse("intake:agreement", kwargs={"pk": requisition.pk})


@transaction.atomic
def schedule_intake(
    *, requisition, scheduled_by, starts_at, duration_minutes, channel, where, attendees
) -> IntakeSession:
    """Schedule (or move) the requisition's intake; invites are queued in the same
    transaction, so they go out once it commits.

    Attendees must be on the hiring team. Rescheduling bumps the invite's SEQUENCE so
    calendars update the event they already have; someone dropped from the list gets a
    METHOD:CANCEL.
    """
    Requisition.objects.select_for_update().filter(pk=requisition.pk).first()
    if not can_schedule_intake(requisition, scheduled_by):
        raise PermissionDenied("Only the recruiter or HR schedule the intake.")
    team = {m.user_id for m in requisition.team_members.all()}
    if not attendees:
        raise ValidationError({"attendees": "Invite at least one person from the hiring team."})
    if any(person.pk not in team for person in attendees):
        raise ValidationError({"attendees": "Attendees must be on the hiring team."})
    session = IntakeSession.objects.select_for_update().filter(requisition=requisition).first()
    rescheduled = session is not None
    dropped = []
    if session is None:
        session = IntakeSession(requisition=requisition)
    elif session.is_held:
        raise ValidationError("The intake was already held.")
    else:
        session.sequence += 1
        dropped = [p for p in session.attendees.all() if p not in set(attendees)]
    session.starts_at, session.duration_minutes = starts_at, duration_minutes
    session.channel, session.where, session.scheduled_by = channel, where, scheduled_by
    session.cancelled_at = None
    session.save()
    session.attendees.set(attendees)
    when = date_format(
        timezone.localtime(starts_at, BusinessCalendar.for_requisition(requisition).zone),
        "D j M Y, H:i",
    )
    record_activity(
        requisition=requisition,
        actor=scheduled_by,
        kind="intake_scheduled",
        summary=f"{'Moved' if rescheduled else 'Scheduled'} the intake to {when} "
        f"({session.get_channel_display().lower()}, {duration_minutes} min)",
        details={"intake": session.pk, "sequence": session.sequence},
    )
    queue_intake_invites(session)
    if dropped:
        queue_intake_invites(session, people=dropped, method=Method.CANCEL)
    notify_event(
        event="intake.moved" if rescheduled else "intake.scheduled",
        requisition=requisition,
        actor=scheduled_by,
        people=attendees,
        text=f"The intake for {requisition.title} is "
        f"{'moved to' if rescheduled else 'scheduled for'} {when}",
        url=_agreement_url(requisition),
        key=f"intake:{session.pk}:seq{session.sequence}",
        email=False,  # the invite itself is the email
        meeting_at=session.starts_at,
    )
    return session


@transaction.atomic
def mark_intake_held(*, requisition, marked_by, now=None) -> IntakeSession:
    """Record that the kick-off took place, once, and not before it began."""
    if not can_schedule_intake(requisition, marked_by):
        raise PermissionDenied("Only the recruiter or HR mark the intake held.")
    session = IntakeSession.objects.select_for_update().filter(requisition=requisition).first()
    if session is None or session.is_cancelled:
        raise ValidationError("Schedule the intake first.")
    if session.is_held:
        raise ValidationError("The intake is already marked held.")
    now = now or timezone.now()
    if not session.has_started(now):
        local = timezone.localtime(
            session.starts_at, BusinessCalendar.for_requisition(requisition).zone
        )
        raise ValidationError(
            f"The intake starts {date_format(local, 'D j M, H:i')}; it can be marked held "
            "from then on."
        )
    session.held_at, session.held_marked_by = now, marked_by
    session.save(update_fields=["held_at", "held_marked_by"])
    # Held: "scheduled for …" / "moved to …" are no longer news (issue 25, finding 7).
    Notification.objects.filter(
        read_at__isnull=True, reminder__isnull=True, key__startswith=f"intake:{session.pk}:"
    ).update(read_at=now)
    record_activity(
        requisition=requisition,
        actor=marked_by,
        kind="intake_held",
        summary="Marked the intake held",
        details={"intake": session.pk},
    )
    return session


def cancel_intake(*, requisition, cancelled_by, reason: str) -> IntakeSession | None:
    """Call off an intake that has not taken place: METHOD:CANCEL to every attendee's
    calendar and a notice. Returns the session, or None when there was nothing to cancel."""
    session = (
        IntakeSession.objects.select_for_update()
        .filter(requisition=requisition, held_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if session is None:
        return None
    session.sequence += 1
    session.cancelled_at = timezone.now()
    session.save(update_fields=["sequence", "cancelled_at"])
    attendees = list(session.attendees.all())
    queue_intake_invites(session, method=Method.CANCEL)
    notify_event(
        event="intake.cancelled",
        requisition=requisition,
        actor=cancelled_by,
        people=attendees,
        text=f"The intake for {requisition.title} is cancelled: {reason}",
        url=_agreement_url(requisition),
        key=f"intake:{session.pk}:cancelled",
        email=False,  # the cancellation itself is the email
    )
    record_activity(
        requisition=requisition,
        actor=cancelled_by,
        kind="intake_cancelled",
        summary=f"Cancelled the intake: {reason}"[:300],
        details={"intake": session.pk},
    )
    return session


def cancel_intake_of_closed_search(*, requisition, from_state, to_state, moved_by, now):
    """A search filled or cancelled before its intake took place calls the intake off."""
    if not requisition.is_closed:
        return None
    if cancel_intake(
        requisition=requisition,
        cancelled_by=moved_by,
        reason=f"the search was {requisition.get_state_display().lower()}",
    ):
        return "the intake was cancelled"
    return None


def attendees_follow_hand_over(*, requisition, added, removed, changed_by) -> None:
    """When a lead part changes hands before the intake, the new holder takes the leaver's
    seat: invited at the next SEQUENCE, and the leaver's calendar gets a cancellation."""
    session = (
        IntakeSession.objects.select_for_update()
        .filter(requisition=requisition, held_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if session is None:
        return
    attendees = set(session.attendees.all())
    newcomers = {role: person for role, person in added if role in LEAD_ROLES}
    leavers = [(r, p) for r, p in removed if r in LEAD_ROLES and p in attendees and r in newcomers]
    if not leavers:
        return
    session.sequence += 1
    session.save(update_fields=["sequence"])
    for role, leaver in leavers:
        session.attendees.remove(leaver)
        session.attendees.add(newcomers[role])
    queue_intake_invites(session, people=[p for _r, p in leavers], method=Method.CANCEL)
    queue_intake_invites(session)
