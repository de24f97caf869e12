"""Scheduling the intake (kick-off) and marking it held."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hiring.journal import record_activity
from hiring.models import Requisition

from .access import can_schedule_intake
from .models import IntakeSession
from .tasks import email_intake_invites


@transaction.atomic
def schedule_intake(
    *, requisition, scheduled_by, starts_at, duration_minutes, channel, where, attendees
) -> IntakeSession:
    """Schedule (or move) the requisition's intake; invites go out once the change commits.

    Attendees must be on the hiring team. Rescheduling bumps the invite's SEQUENCE so
    calendars update the event they already have.
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
    if session is None:
        session = IntakeSession(requisition=requisition)
    elif session.is_held:
        raise ValidationError("The intake was already held.")
    else:
        session.sequence += 1
    session.starts_at, session.duration_minutes = starts_at, duration_minutes
    session.channel, session.where, session.scheduled_by = channel, where, scheduled_by
    session.save()
    session.attendees.set(attendees)
    when = timezone.localtime(starts_at).strftime("%a %d %b %Y, %H:%M")
    record_activity(
        requisition=requisition,
        actor=scheduled_by,
        kind="intake_scheduled",
        summary=f"{'Moved' if rescheduled else 'Scheduled'} the intake to {when} "
        f"({session.get_channel_display().lower()}, {duration_minutes} min)",
        details={"intake": session.pk, "sequence": session.sequence},
    )
    email_intake_invites.delay_on_commit(session.pk, session.sequence)
    return session


@transaction.atomic
def mark_intake_held(*, requisition, marked_by) -> IntakeSession:
    """Record that the kick-off took place, once."""
    if not can_schedule_intake(requisition, marked_by):
        raise PermissionDenied("Only the recruiter or HR mark the intake held.")
    session = IntakeSession.objects.select_for_update().filter(requisition=requisition).first()
    if session is None:
        raise ValidationError("Schedule the intake first.")
    if session.is_held:
        raise ValidationError("The intake is already marked held.")
    session.held_at, session.held_marked_by = timezone.now(), marked_by
    session.save(update_fields=["held_at", "held_marked_by"])
    record_activity(
        requisition=requisition,
        actor=marked_by,
        kind="intake_held",
        summary="Marked the intake held",
        details={"intake": session.pk},
    )
    return session
