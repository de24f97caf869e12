"""The one calendar (.ics, RFC 5545) writer of Accord: every invite and every feed.

    event = CalendarEvent(
        uid="checkin-series-7@accord", summary="Check-in: Backend engineer",
        start=aware_datetime, duration=timedelta(minutes=30), time_zone="Europe/Berlin",
        organizer=Person(email, name), attendees=[Person(...), ...],
        rrule="FREQ=WEEKLY;BYDAY=TU", sequence=2,
    )
    build_invite([event], recipient=person, method=Method.REQUEST)   # one attendee's email
    build_calendar([event, ...], method=Method.PUBLISH, name="…")   # a feed or a download

Guarantees, whatever text is stored on a search:
- No value can break the file: single-line texts (summary, location, names, addresses) have
  every control character folded to a space, multi-line texts keep their line breaks as the
  RFC's escaped `\\n`, double quotes cannot end a parameter; icalendar folds long lines.
- Far dates (9999-12-31 in any zone) never overflow: timed events carry their own zone's
  wall time with a VTIMEZONE (no conversion to UTC), and an end that would overflow is
  written as a DURATION instead.
- An invite built for one recipient lists only the organizer and that recipient as
  ATTENDEE: nobody learns the other attendees' addresses (agency recruiters get invites too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vRecur, vText

PRODID = "-//Accord//Accord hiring searches//EN"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u0085]")


class Method(StrEnum):
    REQUEST = "REQUEST"  # an invite or an update of one
    CANCEL = "CANCEL"  # the event (or one occurrence, with RECURRENCE-ID) is off
    PUBLISH = "PUBLISH"  # a feed or a download: no replies expected


class Status(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


def single_line(value) -> str:
    """A value that must stay on one line (and inside a quoted parameter)."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).replace('"', "'").split())


def multi_line(value) -> str:
    """Text whose line breaks are kept (escaped by icalendar as \\n); other controls dropped."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL_BUT_NEWLINE.sub(" ", text).strip()


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""

    def address(self, **params) -> vCalAddress:
        email = single_line(self.email).replace(" ", "")
        address = vCalAddress(f"mailto:{email}")
        if name := single_line(self.name):
            address.params["CN"] = vText(name)
        for key, value in params.items():
            address.params[key.upper().replace("_", "-")] = vText(value)
        return address

    @classmethod
    def of(cls, user) -> Person:
        name = getattr(user, "display_name", "") or user.get_full_name() or user.get_username()
        return cls(email=user.email or "", name=name)


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. `start` is an aware datetime (a timed event, written in `time_zone`) or a
    date (an all-day event). Give `end` or `duration`; all-day events default to one day."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date | None = None
    duration: timedelta | None = None
    time_zone: str = "UTC"
    description: str = ""
    location: str = ""
    url: str = ""
    sequence: int = 0
    status: Status = Status.CONFIRMED
    organizer: Person | None = None
    attendees: Sequence[Person] = ()
    rrule: str | None = None  # an RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    exdates: Sequence[datetime] = ()
    recurrence_id: datetime | date | None = None
    categories: Sequence[str] = ()
    transparent: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def for_recipient(self, recipient: Person | None) -> CalendarEvent:
        """The same event as one recipient should get it: only the organizer and them
        (nobody, for a recipient who is not an attendee)."""
        if recipient is None:
            return replace(self, attendees=())
        mine = [p for p in self.attendees if _same(p, recipient)]
        return replace(self, attendees=mine[:1])


def _same(a: Person, b: Person) -> bool:
    return single_line(a.email).lower() == single_line(b.email).lower()


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """Wall time in the event's zone. Far dates stay where they are when the conversion
    would leave the representable range."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return moment


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except Exception:  # an unknown zone name must not break a feed
        return ZoneInfo("UTC")


def _vevent(item: CalendarEvent, stamp: datetime) -> Event:
    zone = _zone(item.time_zone)
    event = Event()
    event.add("uid", single_line(item.uid))
    event.add("dtstamp", stamp)
    event.add("sequence", max(0, int(item.sequence)))
    event.add("summary", single_line(item.summary) or "(no title)")
    if item.all_day:
        start = item.start
        event.add("dtstart", start)
        end = item.end
        if end is None and item.duration is None:
            try:
                end = start + timedelta(days=1)
            except OverflowError:
                end = None
        if end is not None:
            event.add("dtend", end)
        else:
            event.add("duration", item.duration or timedelta(days=1))
    else:
        start = _local(item.start, zone)
        event.add("dtstart", start)
        end = item.end
        if end is None and item.duration is not None:
            try:
                end = start + item.duration
                end.astimezone(UTC)  # past year 9999 in UTC: write a DURATION instead
            except (OverflowError, ValueError):
                end = None
        if end is not None:
            event.add("dtend", _local(end, zone))
        else:
            event.add("duration", item.duration or timedelta(hours=1))
    if item.rrule:
        event.add("rrule", vRecur.from_ical(single_line(item.rrule).replace(" ", "")))
    for exdate in item.exdates:
        event.add("exdate", _local(exdate, zone) if isinstance(exdate, datetime) else exdate)
    if item.recurrence_id is not None:
        rid = item.recurrence_id
        event.add("recurrence-id", _local(rid, zone) if isinstance(rid, datetime) else rid)
    event.add("status", Status(item.status).value)
    if text := multi_line(item.description):
        event.add("description", text)
    if text := single_line(item.location):
        event.add("location", text)
    if text := single_line(item.url).replace(" ", ""):
        event.add("url", text)
    if item.categories:
        event.add("categories", [single_line(c) for c in item.categories if single_line(c)])
    if item.transparent or item.all_day:
        event.add("transp", "TRANSPARENT")
    if item.organizer is not None and item.organizer.email:
        event.add("organizer", item.organizer.address())
    for person in item.attendees:
        if not person.email:
            continue
        attendee = person.address(
            role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE", cutype="INDIVIDUAL"
        )
        event.add("attendee", attendee, encode=0)
    for name, value in item.extra.items():
        event.add(name, single_line(value))
    return event


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    method: Method | str = Method.PUBLISH,
    name: str = "",
    stamp: datetime | None = None,
) -> bytes:
    """A VCALENDAR with the events and a VTIMEZONE for every zone they use."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", Method(method).value)
    if name := single_line(name):
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    items = list(events)
    for item in items:
        calendar.add_component(_vevent(item, stamp))
    calendar.add_missing_timezones(**_zone_years(items))
    return calendar.to_ical()


def _zone_years(items: Sequence[CalendarEvent]) -> dict:
    """The span the VTIMEZONEs describe: the events' years (a series runs on), bounded so
    a far date does not write centuries of transitions."""
    years = [item.start.year for item in items] or [datetime.now(UTC).year]
    first = min(max(min(years) - 1, 1970), 2100)
    last = min(max(max(years) + 2, first + 3), 2103)
    return {"first_date": date(first, 1, 1), "last_date": date(last, 1, 1)}


def build_invite(
    events: Iterable[CalendarEvent],
    *,
    recipient: Person | None,
    method: Method | str = Method.REQUEST,
    stamp: datetime | None = None,
) -> bytes:
    """What one person gets by email: the events with only the organizer and them as
    attendees. A cancellation is marked CANCELLED on every event it holds."""
    method = Method(method)
    items = [item.for_recipient(recipient) for item in events]
    if method == Method.CANCEL:
        items = [replace(item, status=Status.CANCELLED) for item in items]
    return build_calendar(items, method=method, stamp=stamp)


def content_type(method: Method | str) -> str:
    return f"text/calendar; method={Method(method).value}; charset=utf-8"
