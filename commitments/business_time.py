"""Business time: the working week of the requisition's country (Mon–Fri in most; Sun–Thu in
Israel, Saudi Arabia, Egypt and others — the `holidays` package knows each country's
weekend), within the organisation's working hours (ACCORD_WORKING_HOURS, 09:00–17:00 by
default) on the wall clock of the requisition's time zone, minus the country's public
holidays.

Arithmetic is done on local wall-clock time and converted back with zoneinfo, so a day on
which daylight saving starts or ends still has its eight working hours: the change happens
at night, outside the window. "N business days" is N working days' worth of business hours
(8 at 09:00–17:00): a request made on Tuesday at 15:00 with two business days to answer is
due on Thursday at 15:00.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

ONE_DAY = timedelta(days=1)
ZERO = timedelta(0)
SATURDAY_AND_SUNDAY = frozenset({5, 6})


def working_hours() -> tuple[time, time]:
    """The organisation's working day (settings.ACCORD_WORKING_HOURS)."""
    return settings.ACCORD_WORKING_HOURS


def hours_per_day() -> float:
    """How many business hours make one business day: the length of the working day."""
    start, end = working_hours()
    return (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds / 3600


@cache
def weekend_of(country: str) -> frozenset[int]:
    """The weekdays (Monday 0) that are the weekend in `country`: Saturday and Sunday in
    most, Friday and Saturday where the week runs Sunday–Thursday."""
    try:
        return frozenset(holidays.country_holidays(country).weekend) or SATURDAY_AND_SUNDAY
    except NotImplementedError:
        return SATURDAY_AND_SUNDAY


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year).keys())
    except NotImplementedError:  # a country the package does not know has none we can count
        return frozenset()


def _span(d: date, start: time, end: time) -> timedelta:
    return datetime.combine(d, end) - datetime.combine(d, start)


def _day_start() -> time:
    return working_hours()[0]


def _day_end() -> time:
    return working_hours()[1]


@dataclass(frozen=True)
class BusinessCalendar:
    time_zone: str
    country: str
    day_start: time = field(default_factory=_day_start)
    day_end: time = field(default_factory=_day_end)

    @classmethod
    def for_requisition(cls, requisition) -> BusinessCalendar:
        return cls(time_zone=requisition.time_zone, country=requisition.country)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def weekend(self) -> frozenset[int]:
        return weekend_of(self.country)

    def is_weekend(self, d: date) -> bool:
        return d.weekday() in self.weekend

    def is_business_day(self, d: date) -> bool:
        return not self.is_weekend(d) and d not in _public_holidays(self.country, d.year)

    def next_business_day(self, d: date) -> date:
        d += ONE_DAY
        while not self.is_business_day(d):
            d += ONE_DAY
        return d

    def previous_business_day(self, d: date) -> date:
        d -= ONE_DAY
        while not self.is_business_day(d):
            d -= ONE_DAY
        return d

    def at(self, d: date, t: time) -> datetime:
        return datetime.combine(d, t, tzinfo=self.zone)

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The moment `amount` of business time after `start` (which may be off hours)."""
        if amount < ZERO:
            return self.subtract(start, -amount)
        local = start.astimezone(self.zone)
        d, t = local.date(), local.time().replace(tzinfo=None)
        if not self.is_business_day(d) or t >= self.day_end:
            d, t = self.next_business_day(d), self.day_start
        elif t < self.day_start:
            t = self.day_start
        remaining = amount
        while True:
            available = _span(d, t, self.day_end)
            if remaining <= available:
                return self.at(d, (datetime.combine(d, t) + remaining).time())
            remaining -= available
            d, t = self.next_business_day(d), self.day_start

    def subtract(self, end: datetime, amount: timedelta) -> datetime:
        """The moment `amount` of business time before `end`."""
        if amount < ZERO:
            return self.add(end, -amount)
        local = end.astimezone(self.zone)
        d, t = local.date(), local.time().replace(tzinfo=None)
        if not self.is_business_day(d) or t <= self.day_start:
            d, t = self.previous_business_day(d), self.day_end
        elif t > self.day_end:
            t = self.day_end
        remaining = amount
        while True:
            available = _span(d, self.day_start, t)
            if remaining <= available:
                return self.at(d, (datetime.combine(d, t) - remaining).time())
            remaining -= available
            d, t = self.previous_business_day(d), self.day_end

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time from `start` to `end` (zero when `end` is not after `start`)."""
        if end <= start:
            return ZERO
        a, b = start.astimezone(self.zone), end.astimezone(self.zone)
        total, d = ZERO, a.date()
        while d <= b.date():
            if self.is_business_day(d):
                lo = (
                    max(self.day_start, a.time().replace(tzinfo=None))
                    if d == a.date()
                    else self.day_start
                )
                hi = (
                    min(self.day_end, b.time().replace(tzinfo=None))
                    if d == b.date()
                    else self.day_end
                )
                if hi > lo:
                    total += _span(d, lo, hi)
            d += ONE_DAY
        return total

    def end_of_day(self, moment: datetime) -> datetime:
        """17:00 on the business day `moment` falls in, or on the next one when it is off
        hours after closing or on a weekend or holiday."""
        local = moment.astimezone(self.zone)
        d = local.date()
        if not self.is_business_day(d) or local.time().replace(tzinfo=None) >= self.day_end:
            d = self.next_business_day(d)
        return self.at(d, self.day_end)

    def add_hours(self, start: datetime, hours: float) -> datetime:
        return self.add(start, timedelta(hours=hours))

    def subtract_hours(self, end: datetime, hours: float) -> datetime:
        return self.subtract(end, timedelta(hours=hours))
