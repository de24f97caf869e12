"""Read an .ics back with two independent parsers: icalendar (which wrote it) and `ical`
(a strict, separately written RFC 5545 implementation). A file both accept imports cleanly
into calendar apps; use `parse_both` on every .ics a test produces."""

from dataclasses import dataclass

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar


@dataclass
class Parsed:
    icalendar: Calendar
    ical: object  # ical.calendar.Calendar
    method: str

    @property
    def events(self):
        return self.icalendar.walk("VEVENT")


def parse_both(content: bytes | str) -> Parsed:
    text = content.decode() if isinstance(content, bytes) else content
    first = Calendar.from_ical(text)
    stream = IcsCalendarStream.from_ics(text)
    assert len(stream.calendars) == 1
    second = stream.calendars[0]
    assert len(second.events) == len(first.walk("VEVENT"))
    for theirs, ours in zip(second.events, first.walk("VEVENT"), strict=True):
        assert theirs.uid == str(ours["uid"])
        assert theirs.summary == str(ours["summary"])
    return Parsed(icalendar=first, ical=second, method=str(first.get("method", "")))
