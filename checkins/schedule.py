"""The check-in schedule: from the active agreement's communication plan to occurrences,
and what follows the search's state (DESIGN "Check-ins"; seed 002: "Establish a schedule
for touching base").

- `sync_schedule(requisition=...)` — called when an agreement version becomes active: makes
  the series, or, when the plan changed, ends the old one now and starts a new one, so only
  future occurrences change.
- `roll_forward()` — the daily beat task: occurrences exist 8 weeks ahead. Idempotent: the
  unique (series, recurrence_id) makes every occurrence once however often it runs.
- `follow_requisition_state(...)` — in hiring.lifecycle.STATE_FOLLOWERS: hold suspends,
  reopen resumes, filled/cancelled ends the schedule; each cancels or restores future
  occurrences.
- `move_checkin` / `cancel_checkin` — one occurrence, with a reason.

The rule and its occurrences, the people of a series and how it reads are in
`checkins.series`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import withdraw_commitments
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind
from config.bulk_insert import insert_rows
from hiring.journal import record_activity
from hiring.models import LEAD_ROLES, Requisition

from .invites import (
    queue_occurrence_cancellation,
    queue_occurrence_update,
    queue_series_cancellation,
    queue_series_invites,
)
from .models import CheckIn, CheckInSeries
from .series import (
    SchedulePlan,
    attendees_of,
    checkin_url,
    describe,
    first_start,
    placed,
    plan_for,
    rule_starts,
)

HORIZON = timedelta(weeks=8)


def why_none_scheduled(requisition) -> str:
    """Why the search has no check-in coming, in the words of its state (issue 25, finding
    11: a filled search said check-ins start "once it is signed")."""
    State = Requisition.State
    if requisition.state in (State.FILLED, State.CANCELLED):
        return f"The search is {requisition.get_state_display().lower()}: its check-ins have ended."
    if requisition.state == State.ON_HOLD:
        return "The search is on hold: check-ins resume when it reopens."
    plan = plan_for(requisition)
    if requisition.state == State.DRAFT:
        return (
            "The search is not open yet: check-ins start when it opens."
            if plan
            else "The search is not open yet: check-ins start once it opens and its agreement "
            "is signed (the communication plan sets them)."
        )
    if plan is None:
        return "Check-ins start once the agreement is signed: its communication plan sets them."
    return "No check-in is scheduled."


# --- making and extending series -----------------------------------------------------------
def extend_series(*, series: CheckInSeries, now: datetime, announce: bool = True) -> int:
    """Make the occurrences of the next 8 weeks that do not exist yet; returns how many.

    Idempotent (unique series + recurrence_id). Occurrences moved for a holiday that the
    series invite did not cover yet get an update of their own when `announce`.
    """
    return extend_many([series], now=now, announce=announce)


def extend_many(series_list, *, now: datetime, announce: bool = True) -> int:
    """`extend_series` for many series at once, in three queries whatever their number
    (what exists ahead, one INSERT of what is missing, one UPDATE of `generated_until`),
    plus one update email per occurrence moved for a holiday. Each series needs its
    `requisition` loaded (select_related)."""
    running = [s for s in series_list if s.state == CheckInSeries.State.ACTIVE]
    if not running:
        return 0
    horizon = now + HORIZON
    wanted = []  # (series, rule start)
    for series in running:
        after = max(series.starts_at, now)
        wanted.extend((series, start) for start in rule_starts(series, after=after, before=horizon))
    existing = set(
        CheckIn.objects.filter(
            series__in=running, recurrence_id__gte=min((s for _, s in wanted), default=now)
        ).values_list("series_id", "recurrence_id")
    )
    fresh = []
    for series, rule_start in wanted:
        if (series.pk, rule_start) in existing:
            continue
        starts_at, note = placed(series, series.requisition, rule_start)
        fresh.append(
            CheckIn(
                series=series,
                requisition=series.requisition,
                recurrence_id=rule_start,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=series.duration_minutes),
                note=note,
            )
        )
    if fresh:
        try:
            with transaction.atomic():
                insert_rows(fresh)
        except IntegrityError:
            # Another roll-forward made some of them at this moment: one by one, theirs kept.
            fresh = [c for c in fresh if _made_once(c)]
    behind = [s.pk for s in running if s.generated_until is None or s.generated_until < horizon]
    if behind:
        CheckInSeries.objects.filter(pk__in=behind).update(generated_until=horizon)
        for series in running:
            if series.pk in behind:
                series.generated_until = horizon
    if announce:
        for checkin in fresh:
            if checkin.note:
                queue_occurrence_update(checkin=checkin)
    return len(fresh)


def _made_once(checkin: CheckIn) -> bool:
    """Save one occurrence unless it exists; True when this call made it."""
    _, created = CheckIn.objects.get_or_create(
        series=checkin.series,
        recurrence_id=checkin.recurrence_id,
        defaults={
            "requisition": checkin.requisition,
            "starts_at": checkin.starts_at,
            "ends_at": checkin.ends_at,
            "note": checkin.note,
        },
    )
    return created


def _start_series(*, requisition, plan: SchedulePlan, now: datetime) -> CheckInSeries:
    state = (
        CheckInSeries.State.ACTIVE
        if requisition.state == Requisition.State.OPEN
        else CheckInSeries.State.SUSPENDED
    )
    series = CheckInSeries.objects.create(
        requisition=requisition,
        agreement_version=plan.version,
        rrule=plan.rrule,
        starts_at=first_start(plan, time_zone=requisition.time_zone, now=now),
        time_zone=requisition.time_zone,
        duration_minutes=plan.duration_minutes,
        channel=plan.channel,
        leader_party=plan.leader_party,
        attendee_parties=list(plan.attendee_parties),
        state=state,
    )
    if state == CheckInSeries.State.ACTIVE:
        extend_series(series=series, now=now, announce=False)
        queue_series_invites(series=series)
        notify_event(
            event="checkins.scheduled",
            requisition=requisition,
            text=f"Check-ins for {requisition.title}: {describe(series)}",
            url=reverse("checkins:requisition-checkins", args=[requisition.pk]),
            key=f"checkin-series-{series.pk}-scheduled",
            people=attendees_of(series),
        )
    return series


def _end_series(series: CheckInSeries, *, now: datetime, reason: str, state: str) -> int:
    """Stop the rule at `now` (UNTIL) and cancel what was still ahead; one series update
    per attendee tells their calendar."""
    cancelled = _cancel_future(series, now=now, reason=reason, suspended=False)
    series.until, series.state = now, state
    series.ended_at = now if state == CheckInSeries.State.ENDED else None
    series.sequence += 1
    series.save(update_fields=["until", "state", "ended_at", "sequence"])
    queue_series_invites(series=series)
    return cancelled


def _cancel_future(series, *, now, reason, suspended) -> int:
    ahead = list(series.checkins.filter(state=CheckIn.State.SCHEDULED, starts_at__gt=now))
    for checkin in ahead:
        checkin.state, checkin.cancel_reason = CheckIn.State.CANCELLED, reason[:300]
        checkin.suspended, checkin.sequence = suspended, checkin.sequence + 1
        checkin.save(update_fields=["state", "cancel_reason", "suspended", "sequence"])
        withdraw_commitments(subject=checkin, kind=CommitmentKind.RECORD_CHECKIN, reason=reason)
    return len(ahead)


@transaction.atomic
def sync_schedule(*, requisition, now: datetime | None = None) -> CheckInSeries | None:
    """Bring the search's check-in series in line with the agreement in force.

    Called from intake when a version becomes active. Nothing changes when the plan is the
    same. A changed plan ends the current series now and starts a new one from the next
    occurrence of the new rule: held, missed and past occurrences stay as they were.
    """
    now = now or timezone.now()
    if requisition.is_closed:
        return None
    plan = plan_for(requisition)
    if plan is None:
        return None
    current = (
        CheckInSeries.objects.current().select_for_update().filter(requisition=requisition).first()
    )
    if current is not None and plan.matches(current):
        if current.agreement_version != plan.version:
            current.agreement_version = plan.version
            current.save(update_fields=["agreement_version"])
        return current
    if current is not None:
        _end_series(
            current,
            now=now,
            reason=f"The check-in plan changed in agreement v{plan.version}.",
            state=CheckInSeries.State.ENDED,
        )
    series = _start_series(requisition=requisition, plan=plan, now=now)
    waiting = ""
    if series.state == CheckInSeries.State.SUSPENDED:
        waiting = (
            "; it starts when the search reopens"
            if requisition.state == Requisition.State.ON_HOLD
            else "; it starts when the search opens"
        )
    record_activity(
        requisition=requisition,
        actor=None,
        kind="checkin_schedule",
        summary=f"{'Changed' if current else 'Set up'} the check-in schedule from agreement "
        f"v{plan.version}: {describe(series)}{waiting}",
        details={"series": series.pk},
    )
    return series


def roll_forward(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """The daily task: every running series has its occurrences 8 weeks ahead. A batch of
    series is one transaction of four queries (`extend_many`), however many series."""
    now = now or timezone.now()
    made, last = 0, 0
    running = CheckInSeries.objects.filter(state=CheckInSeries.State.ACTIVE).order_by("pk")
    while batch := list(running.filter(pk__gt=last).select_related("requisition")[:batch_size]):
        last = batch[-1].pk
        with transaction.atomic():
            made += extend_many(batch, now=now)
    return made


# --- following the search's state ---------------------------------------------------------
def follow_requisition_state(*, requisition, from_state, to_state, moved_by, now) -> str | None:
    """Registered with hiring.lifecycle (AppConfig.ready); runs inside move_requisition's
    transaction. On hold: the series is suspended and what is ahead cancelled (restored on
    reopening). Filled or cancelled: the series ends. Opening: the schedule starts."""
    State = Requisition.State
    series = (
        CheckInSeries.objects.current().select_for_update().filter(requisition=requisition).first()
    )
    if to_state == State.OPEN and series is None:
        return "check-ins scheduled" if sync_schedule(requisition=requisition, now=now) else None
    if series is None:
        return None
    if to_state == State.ON_HOLD and series.state == CheckInSeries.State.ACTIVE:
        count = _cancel_future(series, now=now, reason="The search is on hold.", suspended=True)
        series.until, series.state = now, CheckInSeries.State.SUSPENDED
        series.sequence += 1
        series.save(update_fields=["until", "state", "sequence"])
        queue_series_invites(series=series)
        return f"check-ins suspended ({count} cancelled)"
    if to_state == State.OPEN and series.state == CheckInSeries.State.SUSPENDED:
        _resume(series, now=now)
        return "check-ins resumed"
    if to_state in (State.FILLED, State.CANCELLED):
        count = _end_series(
            series,
            now=now,
            reason=f"The search was {State(to_state).label.lower()}.",
            state=CheckInSeries.State.ENDED,
        )
        return f"check-ins ended ({count} cancelled)"
    return None


def _resume(series: CheckInSeries, *, now: datetime) -> None:
    """Reopened: what the hold cancelled and is still ahead comes back; what fell inside the
    hold is kept as cancelled occurrences, so the resumed rule (no UNTIL any more) lists
    them as EXDATEs and no calendar shows check-ins that never took place."""
    held_since = series.until or now
    for checkin in series.checkins.filter(
        state=CheckIn.State.CANCELLED, suspended=True, starts_at__gt=now
    ):
        checkin.state, checkin.cancel_reason, checkin.suspended = CheckIn.State.SCHEDULED, "", False
        checkin.sequence += 1
        checkin.save(update_fields=["state", "cancel_reason", "suspended", "sequence"])
    series.until, series.state = None, CheckInSeries.State.ACTIVE
    skipped_from = max(held_since, series.generated_until or held_since)
    for rule_start in rule_starts(series, after=skipped_from, before=now):
        starts_at, note = placed(series, series.requisition, rule_start)
        CheckIn.objects.get_or_create(
            series=series,
            recurrence_id=rule_start,
            defaults={
                "requisition": series.requisition,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=series.duration_minutes),
                "state": CheckIn.State.CANCELLED,
                "cancel_reason": "The search was on hold.",
                "note": note,
            },
        )
    series.sequence += 1
    series.save(update_fields=["until", "state", "sequence"])
    extend_series(series=series, now=now, announce=False)
    queue_series_invites(series=series)


def follow_team_change(*, requisition, added, removed, changed_by) -> None:
    """Registered with hiring.team: when an attendee or the leader changes, the series is
    sent again (SEQUENCE + 1) to everyone now attending, and whoever left its attendees
    gets a cancellation of the series for their calendar."""
    series = (
        CheckInSeries.objects.current().select_for_update().filter(requisition=requisition).first()
    )
    if series is None:
        return
    parties = {*series.attendee_parties, series.leader_party}
    if not any(role in parties for role, _ in [*added, *removed]):
        return
    series.requisition = Requisition.objects.with_team().get(pk=requisition.pk)
    series.sequence += 1
    series.save(update_fields=["sequence"])
    staying = {user.pk for user in attendees_of(series)}
    if series.state != CheckInSeries.State.SUSPENDED:
        queue_series_invites(series=series)
    for role, person in removed:
        if role in series.attendee_parties and person.pk not in staying:
            queue_series_cancellation(series=series, person=person)


# --- one occurrence ------------------------------------------------------------------------
def can_change_checkin(checkin: CheckIn, user) -> bool:
    """The leads move or cancel an occurrence still ahead; one whose time has come is
    recorded (held or missed), not cancelled after the fact."""
    requisition = checkin.requisition
    return (
        requisition.state == Requisition.State.OPEN
        and checkin.state == CheckIn.State.SCHEDULED
        and checkin.starts_at > timezone.now()
        and bool(requisition.roles_of(user) & set(LEAD_ROLES))
    )


@transaction.atomic
def move_checkin(*, checkin: CheckIn, starts_at: datetime, reason: str, moved_by) -> CheckIn:
    """Move one occurrence (not the series) with a reason; its attendees get an update
    (same UID, RECURRENCE-ID of the rule's date, SEQUENCE + 1)."""
    checkin = (
        CheckIn.objects.select_for_update()
        .select_related("requisition", "series")
        .get(pk=checkin.pk)
    )
    if not can_change_checkin(checkin, moved_by):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager move a check-in.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so the others know."})
    if starts_at <= timezone.now():
        raise ValidationError({"date": "Choose a time in the future."})
    duration = checkin.ends_at - checkin.starts_at
    before = checkin.starts_at
    checkin.starts_at, checkin.ends_at = starts_at, starts_at + duration
    checkin.note, checkin.sequence = reason[:300], checkin.sequence + 1
    checkin.save(update_fields=["starts_at", "ends_at", "note", "sequence"])
    requisition = checkin.requisition
    when = _local_text(starts_at, requisition)
    record_activity(
        requisition=requisition,
        actor=moved_by,
        kind="checkin_moved",
        summary=f"Moved the check-in of {_local_text(before, requisition)} to {when}: {reason}",
        details={"checkin": checkin.pk},
    )
    queue_occurrence_update(checkin=checkin)
    notify_event(
        event="checkins.moved",
        requisition=requisition,
        actor=moved_by,
        text=f"Check-in moved to {when}: {reason}",
        url=checkin_url(checkin),
        key=f"checkin-{checkin.pk}-moved-{checkin.sequence}",
        people=attendees_of(checkin.series),
        meeting_at=checkin.starts_at,
    )
    return checkin


@transaction.atomic
def cancel_checkin(*, checkin: CheckIn, reason: str, cancelled_by) -> CheckIn:
    """Cancel one occurrence with a reason; attendees get METHOD:CANCEL for it."""
    checkin = (
        CheckIn.objects.select_for_update()
        .select_related("requisition", "series")
        .get(pk=checkin.pk)
    )
    if not can_change_checkin(checkin, cancelled_by):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager cancel a check-in.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so the others know."})
    checkin.state, checkin.cancel_reason = CheckIn.State.CANCELLED, reason[:300]
    checkin.sequence += 1
    checkin.save(update_fields=["state", "cancel_reason", "sequence"])
    requisition = checkin.requisition
    when = _local_text(checkin.starts_at, requisition)
    record_activity(
        requisition=requisition,
        actor=cancelled_by,
        kind="checkin_cancelled",
        summary=f"Cancelled the check-in of {when}: {reason}",
        details={"checkin": checkin.pk},
    )
    withdraw_commitments(subject=checkin, kind=CommitmentKind.RECORD_CHECKIN, reason=reason)
    queue_occurrence_cancellation(checkin=checkin)
    notify_event(
        event="checkins.cancelled",
        requisition=requisition,
        actor=cancelled_by,
        text=f"Check-in of {when} cancelled: {reason}",
        url=checkin_url(checkin),
        key=f"checkin-{checkin.pk}-cancelled",
        people=attendees_of(checkin.series),
    )
    return checkin


def _local_text(moment: datetime, requisition) -> str:
    return moment.astimezone(ZoneInfo(requisition.time_zone)).strftime("%a %-d %b %Y, %H:%M")


def follow_agreement_activation(*, requisition, agreement, now) -> None:
    """Registered with intake.signatures: a version in force sets or changes the schedule."""
    sync_schedule(requisition=requisition, now=now)
