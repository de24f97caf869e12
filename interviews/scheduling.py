"""Scheduling, moving and cancelling interviews; each sends its calendar invites
(`interviews.invites`) in the same transaction, so a rolled-back change sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from commitments.business_time import BusinessCalendar
from commitments.ledger import withdraw_commitments
from commitments.models import Commitment
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind
from hiring.ics import Method
from hiring.journal import record_activity
from hiring.models import Activity
from intake.agreements import active_agreement_for
from intake.models import IntakeSession
from pipeline.models import CLOSED_STAGES

from . import access
from .invites import interview_url, send_invites, when_text
from .models import Interview

DAY_STARTS, DAY_ENDS = time(8, 0), time(19, 0)


@dataclass(frozen=True)
class PlanStage:
    index: int
    name: str
    focus_areas: tuple[str, ...]
    interviewer_ids: tuple[int, ...]
    length_minutes: int


def plan_stages(requisition) -> list[PlanStage]:
    """The active agreement's interview plan, numbered; empty before an agreement is active."""
    agreement = active_agreement_for(requisition)
    if agreement is None:
        return []
    return [
        PlanStage(i, s.name, s.focus_areas, s.interviewer_ids, s.length_minutes)
        for i, s in enumerate(agreement.interview_plan.stages)
    ]


def schedule_warnings(
    *,
    requisition,
    starts_at: datetime,
    ends_at: datetime,
    interviewers,
    exclude=None,
    application=None,
) -> list[str]:
    """What deserves a second look but does not block: a weekend, a time outside
    08:00–19:00 in the search's time zone, an interviewer already in another interview or
    at an intake then, or the candidate (`application`) already in another interview then,
    on this search or another (issue 25, finding 11: double bookings went unremarked)."""
    zone = ZoneInfo(requisition.time_zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    warnings = []
    if starts_at < timezone.now():
        warnings.append(
            "It starts in the past: the panel's feedback is owed as soon as it is saved."
        )
    calendar = BusinessCalendar.for_requisition(requisition)
    if calendar.is_weekend(start.date()) or calendar.is_weekend(end.date()):
        warnings.append(f"It is on a {start:%A}, a weekend day in {requisition.country}.")
    elif not calendar.is_business_day(start.date()):
        warnings.append(f"{start:%A %d %B} is a public holiday in {requisition.country}.")
    if start.time() < DAY_STARTS or end.time() > DAY_ENDS or end.date() != start.date():
        warnings.append(
            f"It is outside 08:00–19:00 in {requisition.time_zone} ({start:%H:%M}–{end:%H:%M})."
        )
    ids = [person.pk for person in interviewers]
    clashes = (
        Interview.objects.overlapping(starts_at=starts_at, ends_at=ends_at)
        .filter(interviewers__in=ids)
        .exclude(pk=getattr(exclude, "pk", None))
        .prefetch_related("interviewers")
        .distinct()
    )
    for other in clashes:
        for person in other.interviewers.all():
            if person.pk in ids:
                when = timezone.localtime(other.starts_at, zone)
                warnings.append(
                    f"{person.display_name} has another interview then "
                    f"({other.stage_name}, {when:%H:%M})."
                )
    intakes = (
        IntakeSession.objects.filter(
            cancelled_at=None, held_at=None, starts_at__lt=ends_at, attendees__in=ids
        )
        .select_related("requisition")
        .prefetch_related("attendees")
        .distinct()
    )
    for intake in intakes:
        if intake.ends_at <= starts_at:
            continue
        when = timezone.localtime(intake.starts_at, zone)
        for person in intake.attendees.all():
            if person.pk in ids:
                warnings.append(
                    f"{person.display_name} is at the intake for {intake.requisition.title} "
                    f"then ({when:%H:%M})."
                )
    if application is not None:
        theirs = (
            Interview.objects.overlapping(starts_at=starts_at, ends_at=ends_at)
            .filter(application__candidate_id=application.candidate_id)
            .exclude(pk=getattr(exclude, "pk", None))
            .select_related("requisition")
        )
        for other in theirs:
            when = timezone.localtime(other.starts_at, zone)
            where = (
                "" if other.requisition_id == requisition.pk else f" for {other.requisition.title}"
            )
            warnings.append(
                f"{application.candidate.name} already has an interview then "
                f"({other.stage_name}{where}, {when:%H:%M})."
            )
    return warnings


def _check_panel(requisition, interviewers):
    team = {m.user_id for m in requisition.team_members.all()}
    if not interviewers:
        raise ValidationError({"interviewers": "Choose at least one interviewer."})
    if any(person.pk not in team for person in interviewers):
        raise ValidationError({"interviewers": "Interviewers must be on the hiring team."})


def _check_times(starts_at, ends_at):
    if ends_at <= starts_at:
        raise ValidationError({"ends": "The interview must end after it starts."})
    if (ends_at - starts_at).total_seconds() > 8 * 3600:
        raise ValidationError({"ends": "An interview lasts at most 8 hours."})


@transaction.atomic
def schedule_interview(
    *,
    application,
    stage_index: int,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    notes: str,
    interviewers,
    scheduled_by,
) -> Interview:
    """Schedule an interview at one stage of the agreed plan and send the invites."""
    requisition = application.requisition
    if not access.can_schedule(requisition, scheduled_by):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager schedule interviews.")
    stages = plan_stages(requisition)
    if not stages:
        raise ValidationError("Agree an interview plan first: there is no active agreement.")
    if not 0 <= stage_index < len(stages):
        raise ValidationError({"stage": "Pick a stage of the interview plan."})
    if application.stage in CLOSED_STAGES:
        raise ValidationError("This candidate's application is closed.")
    _check_times(starts_at, ends_at)
    interviewers = list(interviewers)
    _check_panel(requisition, interviewers)
    stage = stages[stage_index]
    interview = Interview.objects.create(
        requisition=requisition,
        application=application,
        stage_index=stage.index,
        stage_name=stage.name,
        focus_areas=list(stage.focus_areas),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        notes=notes.strip(),
        scheduled_by=scheduled_by,
    )
    interview.interviewers.set(interviewers)
    record_activity(
        requisition=requisition,
        actor=scheduled_by,
        kind=Activity.Kind.INTERVIEW_SCHEDULED,
        summary=f"Scheduled the {stage.name} with {application.candidate.name} for "
        f"{when_text(interview)}",
        details={"interview": interview.pk, "application": application.pk},
    )
    send_invites(interview=interview, method=Method.REQUEST, sent_by=scheduled_by)
    _tell_panel(interview, "interviews.scheduled", scheduled_by, interviewers, "You are on the")
    return interview


@transaction.atomic
def reschedule_interview(
    *, interview, starts_at, ends_at, location: str, notes: str, interviewers, changed_by
) -> Interview:
    """Move or change an interview: the same UID with a higher SEQUENCE to everyone on it
    now, and a CANCEL to anyone taken off the panel."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    requisition = interview.requisition
    if not access.can_schedule(requisition, changed_by):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager move interviews.")
    if interview.is_cancelled:
        raise ValidationError("This interview was cancelled.")
    if interview.feedback_opened_at is not None:
        raise ValidationError("This interview has taken place; schedule a new one instead.")
    _check_times(starts_at, ends_at)
    interviewers = list(interviewers)
    _check_panel(requisition, interviewers)
    removed = [p for p in interview.interviewers.all() if p not in interviewers]
    interview.sequence += 1
    interview.starts_at, interview.ends_at = starts_at, ends_at
    interview.location, interview.notes = location.strip(), notes.strip()
    interview.save()
    interview.interviewers.set(interviewers)
    record_activity(
        requisition=requisition,
        actor=changed_by,
        kind=Activity.Kind.INTERVIEW_MOVED,
        summary=f"Moved the {interview.stage_name} with {interview.application.candidate.name} "
        f"to {when_text(interview)}",
        details={"interview": interview.pk, "sequence": interview.sequence},
    )
    send_invites(interview=interview, method=Method.REQUEST, sent_by=changed_by)
    _tell_panel(interview, "interviews.moved", changed_by, interviewers, "Moved:")
    if removed:
        send_invites(
            interview=interview,
            method=Method.CANCEL,
            sent_by=changed_by,
            only=removed,
            to_candidate=False,
        )
    return interview


@transaction.atomic
def cancel_interview(*, interview, cancelled_by, reason: str) -> Interview:
    """Call it off: METHOD:CANCEL to every interviewer and the candidate; the feedback
    commitments it may have opened are withdrawn, not counted against anybody."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    requisition = interview.requisition
    if not access.can_schedule(requisition, cancelled_by):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager cancel interviews.")
    if interview.is_cancelled:
        raise ValidationError("This interview is already cancelled.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so the panel knows."})
    return _cancel(interview, cancelled_by=cancelled_by, reason=reason)


def _cancel(interview, *, cancelled_by, reason: str) -> Interview:

    interview.state = Interview.State.CANCELLED
    interview.sequence += 1
    interview.cancel_reason = reason[:300]
    interview.save(update_fields=["state", "sequence", "cancel_reason", "updated_at"])
    withdraw_commitments(
        subject=interview, kind=CommitmentKind.INTERVIEW_FEEDBACK, reason="Interview cancelled"
    )
    record_activity(
        requisition=interview.requisition,
        actor=cancelled_by,
        kind=Activity.Kind.INTERVIEW_CANCELLED,
        summary=f"Cancelled the {interview.stage_name} with "
        f"{interview.application.candidate.name}: {reason}",
        details={"interview": interview.pk},
    )
    send_invites(interview=interview, method=Method.CANCEL, sent_by=cancelled_by)
    _tell_panel(
        interview, "interviews.cancelled", cancelled_by, interview.interviewers.all(), "Cancelled:"
    )
    return interview


def cancel_upcoming_of_closed_search(*, requisition, from_state, to_state, moved_by, now):
    """A search filled or cancelled calls off the interviews still ahead (registered with
    hiring.lifecycle.STATE_FOLLOWERS, inside the move's transaction)."""
    if not requisition.is_closed:
        return None
    upcoming = list(
        Interview.objects.scheduled()
        .filter(requisition=requisition, starts_at__gt=now)
        .select_related("requisition", "application__candidate", "scheduled_by")
        .select_for_update(of=("self",))
    )
    state = requisition.get_state_display().lower()
    for interview in upcoming:
        _cancel(interview, cancelled_by=moved_by, reason=f"the search was {state}")
    if not upcoming:
        return None
    return f"{len(upcoming)} upcoming interview{'s' if len(upcoming) != 1 else ''} cancelled"


def drop_leavers_from_panels(*, requisition, added, removed, changed_by) -> None:
    """Someone taken off the hiring team leaves the panels of interviews still ahead (their
    calendar gets a CANCEL, the others an update), and the feedback they still owe on this
    search is withdrawn: they can no longer open its scorecard page."""

    still_on = {m.user_id for m in requisition.team_members.all()}
    leavers = {person.pk: person for _, person in removed if person.pk not in still_on}
    if not leavers:
        return
    now = timezone.now()
    upcoming = (
        Interview.objects.scheduled()
        .filter(requisition=requisition, starts_at__gt=now, interviewers__in=list(leavers))
        .distinct()
    )
    for interview in upcoming.select_related("application__candidate", "scheduled_by"):
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        gone = [p for p in interview.interviewers.all() if p.pk in leavers]
        staying = [p for p in interview.interviewers.all() if p.pk not in leavers]
        if not staying:
            _cancel(interview, cancelled_by=changed_by, reason="its panel left the hiring team")
            continue
        interview.sequence += 1
        interview.save(update_fields=["sequence", "updated_at"])
        interview.interviewers.set(staying)
        send_invites(interview=interview, method=Method.REQUEST, sent_by=changed_by)
        send_invites(
            interview=interview,
            method=Method.CANCEL,
            sent_by=changed_by,
            only=gone,
            to_candidate=False,
        )
    Commitment.objects.filter(
        requisition=requisition, kind=CommitmentKind.INTERVIEW_FEEDBACK, owner__in=list(leavers)
    ).withdraw(reason="Left the hiring team", now=now)


def _tell_panel(interview, event, actor, people, lead):
    """In the app only: the email with the calendar invite already told them."""
    candidate = interview.application.candidate.name
    notify_event(
        event=event,
        requisition=interview.requisition,
        actor=actor,
        people=list(people),
        text=f"{lead} {interview.stage_name} with {candidate}, {when_text(interview)}",
        url=interview_url(interview).removeprefix(settings.ACCORD_BASE_URL),
        key=f"{event}-{interview.pk}-seq{interview.sequence}",
        email=False,
        # An interview already begun is not announced (a cancellation still is).
        meeting_at=None if interview.is_cancelled else interview.starts_at,
    )
