"""Check-in invites by email, through the outbox and the one .ics writer (hiring.ics).

- The series: one VEVENT with the RRULE (UNTIL once it stopped), EXDATE for cancelled
  occurrences, and an override (RECURRENCE-ID) for each one moved off the rule, SEQUENCE of
  the series. Sent again, with SEQUENCE + 1, whenever the series changes (plan, hold,
  reopen, close), so each attendee's calendar always holds the whole truth.
- One occurrence moved: METHOD:REQUEST with only that override; cancelled: METHOD:CANCEL
  with its RECURRENCE-ID.

Each attendee gets their own .ics listing only the organizer (the leader) and them. Keys are
stable (series/occurrence, sequence, person): a retried transaction or task sends once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from commitments.wording import absolute_url
from hiring.ics import CalendarEvent, Method, Person, build_invite, content_type
from outbox.mail import queue_email

from .models import CheckIn, CheckInSeries
from .series import attendees_of, describe, leader_of

CHANNELS = {"video": "Video call", "phone": "Phone", "in_person": "In person"}


def _summary(series) -> str:
    return f"Check-in: {series.requisition.title}"


def _description(series) -> str:
    url = absolute_url(reverse("checkins:requisition-checkins", args=[series.requisition_id]))
    return (
        "How the search is going, the pipeline, blockers and action items, and how our "
        "collaboration is going.\n"
        f"Channel: {CHANNELS.get(series.channel, series.channel)}\n"
        f"Check-ins of this search: {url}"
    )


def _people(series):
    leader = leader_of(series)
    # An invite needs an ORGANIZER (RFC 5546): without a leader on the team, Accord itself.
    organizer = (
        Person.of(leader)
        if leader is not None and leader.email
        else Person(parseaddr(settings.DEFAULT_FROM_EMAIL)[1], settings.ACCORD_ORGANISATION_NAME)
    )
    attendees = [Person.of(user) for user in attendees_of(series)]
    return organizer, attendees


def series_events(series: CheckInSeries) -> list[CalendarEvent]:
    """The series as calendar events: the master with its rule and exceptions, and one
    override per occurrence moved off the rule."""
    organizer, attendees = _people(series)
    rrule = series.rrule
    if series.until is not None:
        rrule += f";UNTIL={series.until.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}"
    occurrences = list(series.checkins.all())
    common = {
        "uid": series.uid,
        "summary": _summary(series),
        "time_zone": series.time_zone,
        "description": _description(series),
        "location": CHANNELS.get(series.channel, series.channel),
        "organizer": organizer,
        "attendees": attendees,
    }
    events = [
        CalendarEvent(
            **common,
            start=series.starts_at,
            duration=timedelta(minutes=series.duration_minutes),
            sequence=series.sequence,
            rrule=rrule,
            # Every cancelled one, even past UNTIL: DTSTART always counts as an occurrence,
            # so a series ended before its first date must exclude that date itself.
            exdates=[c.recurrence_id for c in occurrences if c.state == CheckIn.State.CANCELLED],
        )
    ]
    for checkin in occurrences:
        if checkin.state != CheckIn.State.CANCELLED and checkin.starts_at != checkin.recurrence_id:
            events.append(occurrence_event(checkin, common=common))
    return events


def occurrence_event(checkin: CheckIn, *, common=None) -> CalendarEvent:
    series = checkin.series
    if common is None:
        organizer, attendees = _people(series)
        common = {
            "uid": series.uid,
            "summary": _summary(series),
            "time_zone": series.time_zone,
            "description": _description(series),
            "location": CHANNELS.get(series.channel, series.channel),
            "organizer": organizer,
            "attendees": attendees,
        }
    description = common["description"]
    if checkin.note:
        description = f"{checkin.note}\n\n{description}"
    return CalendarEvent(
        **{**common, "description": description},
        start=checkin.starts_at,
        end=checkin.ends_at,
        recurrence_id=checkin.recurrence_id,
        sequence=checkin.sequence,
    )


def _local(moment, series) -> str:
    return moment.astimezone(ZoneInfo(series.time_zone)).strftime("%a %-d %b %Y, %H:%M")


def _send(*, series, key, subject, text, events, method):
    tab = absolute_url(reverse("checkins:requisition-checkins", args=[series.requisition_id]))
    sent = 0
    for user in attendees_of(series):
        if not user.email:
            continue
        ics = build_invite(events, recipient=Person.of(user), method=method)
        queue_email(
            key=f"{key}-u{user.pk}"[:200],
            to=user.email,
            subject=subject,
            text=f"Hello {user.display_name},\n\n{text}\n\nThe check-ins of this search: {tab}\n",
            attachments=[("checkin.ics", ics, content_type(method))],
            requisition=series.requisition,
        )
        sent += 1
    return sent


def queue_series_invites(*, series: CheckInSeries) -> int:
    """Every attendee's invite (or update) for the whole series at its current SEQUENCE."""
    title = series.requisition.title
    if series.state == CheckInSeries.State.ACTIVE:
        subject = f"Check-ins for {title}: {describe(series)}"
        text = (
            f"The check-ins of {title} are {describe(series)}. "
            "The attached invite adds them to your calendar."
        )
    elif series.state == CheckInSeries.State.SUSPENDED:
        subject = f"Check-ins for {title} paused"
        text = f"{title} is on hold: its check-ins are off your calendar until it reopens."
    else:
        subject = f"Check-ins for {title} ended"
        text = f"The check-ins of {title} end here; past ones stay on your calendar."
    return _send(
        series=series,
        key=f"checkin-series-{series.pk}-seq{series.sequence}",
        subject=subject,
        text=text,
        events=series_events(series),
        method=Method.REQUEST,
    )


def queue_series_cancellation(*, series: CheckInSeries, person) -> bool:
    """The series off the calendar of someone who no longer attends (taken off the team)."""
    if not person.email:
        return False
    me = Person.of(person)
    events = [replace(event, attendees=[me]) for event in series_events(series)[:1]]
    title = series.requisition.title
    queue_email(
        key=f"checkin-series-{series.pk}-cancel-seq{series.sequence}-u{person.pk}",
        to=person.email,
        subject=f"Check-ins for {title}: you are no longer invited",
        text=f"Hello {person.display_name},\n\nYou are no longer on the check-ins of {title}; "
        "the attached cancellation takes them off your calendar.\n",
        attachments=[
            (
                "checkin.ics",
                build_invite(events, recipient=me, method=Method.CANCEL),
                content_type(Method.CANCEL),
            )
        ],
        requisition=series.requisition,
    )
    return True


def queue_occurrence_update(*, checkin: CheckIn) -> int:
    series = checkin.series
    when = _local(checkin.starts_at, series)
    note = f" {checkin.note}" if checkin.note else ""
    return _send(
        series=series,
        key=f"checkin-{checkin.pk}-seq{checkin.sequence}",
        subject=f"Check-in for {series.requisition.title} moved to {when}",
        text=f"The check-in of {_local(checkin.recurrence_id, series)} is now on {when}.{note}",
        events=[occurrence_event(checkin)],
        method=Method.REQUEST,
    )


def queue_occurrence_cancellation(*, checkin: CheckIn) -> int:
    series = checkin.series
    when = _local(checkin.starts_at, series)
    return _send(
        series=series,
        key=f"checkin-{checkin.pk}-cancel-seq{checkin.sequence}",
        subject=f"Check-in for {series.requisition.title} on {when} cancelled",
        text=f"The check-in of {when} is cancelled: {checkin.cancel_reason}",
        events=[occurrence_event(checkin)],
        method=Method.CANCEL,
    )
