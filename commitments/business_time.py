"""Business time: Mon–Fri, 09:00–17:00 on the wall clock of the requisition's time zone,
minus its country's public holidays (the `holidays` package).

Arithmetic is done on local wall-clock time and converted back with zoneinfo, so a day on
which daylight saving starts or ends still has its eight working hours: the change happens
at night, outside the window. "N business days" is N × 8 business hours: a request made on
Tuesday at 15:00 with two business days to answer is due on Thursday at 15:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

DAY_START = time(9, 0)
DAY_END = time(17, 0)
HOURS_PER_DAY = 8
ONE_DAY = timedelta(days=1)
ZERO = timedelta(0)


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays.country_holidays(country, years=year).keys())
    except NotImplementedError:  # a country the package does not know has none we can count
        return frozenset()


def _span(d: date, start: time, end: time) -> timedelta:
    return datetime.combine(d, end) - datetime.combine(d, start)


@dataclass(frozen=True)
class BusinessCalendar:
    time_zone: str
    country: str

    @classmethod
    def for_requisition(cls, requisition) -> BusinessCalendar:
        return cls(time_zone=requisition.time_zone, country=requisition.country)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_business_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in _public_holidays(self.country, d.year)

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
        if not self.is_business_day(d) or t >= DAY_END:
            d, t = self.next_business_day(d), DAY_START
        elif t < DAY_START:
            t = DAY_START
        remaining = amount
        while True:
            available = _span(d, t, DAY_END)
            if remaining <= available:
                return self.at(d, (datetime.combine(d, t) + remaining).time())
            remaining -= available
            d, t = self.next_business_day(d), DAY_START

    def subtract(self, end: datetime, amount: timedelta) -> datetime:
        """The moment `amount` of business time before `end`."""
        if amount < ZERO:
            return self.add(end, -amount)
        local = end.astimezone(self.zone)
        d, t = local.date(), local.time().replace(tzinfo=None)
        if not self.is_business_day(d) or t <= DAY_START:
            d, t = self.previous_business_day(d), DAY_END
        elif t > DAY_END:
            t = DAY_END
        remaining = amount
        while True:
            available = _span(d, DAY_START, t)
            if remaining <= available:
                return self.at(d, (datetime.combine(d, t) - remaining).time())
            remaining -= available
            d, t = self.previous_business_day(d), DAY_END

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Business time from `start` to `end` (zero when `end` is not after `start`)."""
        if end <= start:
            return ZERO
        a, b = start.astimezone(self.zone), end.astimezone(self.zone)
        total, d = ZERO, a.date()
        while d <= b.date():
            if self.is_business_day(d):
                lo = max(DAY_START, a.time().replace(tzinfo=None)) if d == a.date() else DAY_START
                hi = min(DAY_END, b.time().replace(tzinfo=None)) if d == b.date() else DAY_END
                if hi > lo:
                    total += _span(d, lo, hi)
            d += ONE_DAY
        return total

    def end_of_day(self, moment: datetime) -> datetime:
        """17:00 on the business day `moment` falls in, or on the next one when it is off
        hours after closing or on a weekend or holiday."""
        local = moment.astimezone(self.zone)
        d = local.date()
        if not self.is_business_day(d) or local.time().replace(tzinfo=None) >= DAY_END:
            d = self.next_business_day(d)
        return self.at(d, DAY_END)

    def add_hours(self, start: datetime, hours: float) -> datetime:
        return self.add(start, timedelta(hours=hours))

    def subtract_hours(self, end: datetime, hours: float) -> datetime:
        return self.subtract(end, timedelta(hours=hours))
