from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from hiring.ics import (
    CalendarEvent,
    Method,
    Person,
    Status,
    build_calendar,
    build_invite,
)
from tests.calendars import parse_both

BERLIN = ZoneInfo("Europe/Berlin")
ORGANIZER = Person("riya@example.com", "Riya Patel")
ANNA = Person("anna@example.com", "Anna")
BEN = Person("ben@agency.example", "Ben")


def series(**overrides):
    values = {
        "uid": "checkin-series-1@accord",
        "summary": "Check-in: Backend engineer",
        "start": datetime(2027, 3, 2, 10, 0, tzinfo=BERLIN),
        "duration": timedelta(minutes=30),
        "time_zone": "Europe/Berlin",
        "organizer": ORGANIZER,
        "attendees": [ANNA, BEN],
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
    }
    return CalendarEvent(**{**values, **overrides})


def test_a_series_invite_carries_rrule_vtimezone_uid_and_sequence_and_parses_twice():
    parsed = parse_both(build_invite([series(sequence=3)], recipient=ANNA))
    assert parsed.method == "REQUEST"
    [event] = parsed.events
    assert str(event["uid"]) == "checkin-series-1@accord"
    assert event["sequence"] == 3
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert event.decoded("dtstart") == datetime(2027, 3, 2, 10, 0, tzinfo=BERLIN)
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert "dtstamp" in event
    assert [tz["tzid"] for tz in parsed.icalendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    # The second parser expands the rule across the spring change at the same wall time.
    starts = [
        e.dtstart
        for e in parsed.ical.timeline_tz(BERLIN).included(date(2027, 3, 20), date(2027, 4, 3))
    ]
    assert [s.hour for s in starts] == [10, 10]
    assert {s.utcoffset() for s in starts} == {timedelta(hours=1), timedelta(hours=2)}


def test_each_recipient_sees_only_the_organizer_and_themselves():
    content = build_invite([series()], recipient=BEN).decode()
    [event] = parse_both(content).events
    attendees = event["attendee"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:ben@agency.example"]
    assert str(event["organizer"]) == "mailto:riya@example.com"
    assert "anna@example.com" not in content


def test_hostile_text_cannot_add_lines_properties_or_events():
    hostile = "Weekly\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\nATTENDEE:mailto:x@evil\x00"
    event = series(
        summary=hostile,
        location=hostile,
        description=hostile,
        organizer=Person("riya@example.com\r\nX-EVIL:1", 'Riya "\r\nX-EVIL:1'),
        attendees=[Person("anna@example.com", hostile)],
        uid="checkin-1@accord\r\nX-EVIL:1",
    )
    content = build_calendar([event], method=Method.PUBLISH)
    parsed = parse_both(content)
    [parsed_event] = parsed.events
    assert b"\r\nX-EVIL" not in content
    assert b"\r\nUID:evil" not in content
    assert b"\r\nEND:VEVENT\r\nBEGIN:VEVENT" not in content
    assert "\n" not in str(parsed_event["summary"])
    assert str(parsed_event["description"]).startswith("Weekly\nEND:VEVENT")


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Pacific/Kiritimati", "UTC"])
def test_far_dates_do_not_crash_the_builder_or_the_parsers(zone):
    far = datetime(9999, 12, 31, 23, 0, tzinfo=ZoneInfo(zone))
    events = [
        series(start=far, time_zone=zone, rrule=None, duration=timedelta(hours=3)),
        CalendarEvent(uid="deadline-1@accord", summary="Due", start=date(9999, 12, 31)),
        CalendarEvent(uid="deadline-2@accord", summary="Early", start=date(1, 1, 1)),
    ]
    parsed = parse_both(build_calendar(events))
    assert parsed.events[0].decoded("dtstart").year == 9999


def test_an_update_of_one_occurrence_and_a_cancellation_carry_the_recurrence_id():
    moved = series(
        rrule=None,
        start=datetime(2027, 3, 17, 10, 0, tzinfo=BERLIN),
        recurrence_id=datetime(2027, 3, 16, 10, 0, tzinfo=BERLIN),
        sequence=1,
    )
    [update] = parse_both(build_invite([moved], recipient=ANNA)).events
    assert update.decoded("recurrence-id") == datetime(2027, 3, 16, 10, 0, tzinfo=BERLIN)
    cancelled = parse_both(build_invite([moved], recipient=ANNA, method=Method.CANCEL))
    assert cancelled.method == "CANCEL"
    assert cancelled.events[0]["status"] == Status.CANCELLED
    assert cancelled.ical.events[0].recurrence_id


def test_a_series_with_exceptions_expands_to_the_agreed_dates():
    base = series(exdates=[datetime(2027, 3, 9, 10, 0, tzinfo=BERLIN)])
    moved = series(
        rrule=None,
        start=datetime(2027, 3, 17, 10, 0, tzinfo=BERLIN),
        recurrence_id=datetime(2027, 3, 16, 10, 0, tzinfo=BERLIN),
    )
    parsed = parse_both(build_calendar([base, moved]))
    days = [
        e.dtstart.date()
        for e in parsed.ical.timeline_tz(BERLIN).included(date(2027, 3, 1), date(2027, 3, 24))
    ]
    assert days == [date(2027, 3, 2), date(2027, 3, 17), date(2027, 3, 23)]


@pytest.mark.django_db
def test_the_intake_invite_of_each_attendee_names_only_them(
    requisition, recruiter, hiring_manager, agency_recruiter
):
    from intake.invites import queue_intake_invites
    from intake.models import IntakeSession
    from tests.mailbox import send_queued_emails

    session = IntakeSession.objects.create(
        requisition=requisition,
        starts_at=datetime(2027, 3, 2, 9, 0, tzinfo=BERLIN),
        scheduled_by=recruiter,
    )
    session.attendees.set([recruiter, hiring_manager, agency_recruiter])
    assert queue_intake_invites(session) == 3
    assert send_queued_emails() == 3
    for message in mail.outbox:
        [(_name, content, _mimetype)] = message.attachments
        [event] = parse_both(content).events
        attendees = event["attendee"]
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert [str(a) for a in attendees] == [f"mailto:{message.to[0]}"]
