"""A check-in series as the schedule and its invites read it: the agreement's plan as an RFC
5545 rule, the rule expanded to occurrences (moved off public holidays), its people and how
it reads. `checkins.schedule` makes and changes series; `checkins.invites` sends them.

The rule is expanded by python-dateutil on the wall clock of the search's time zone, so a
10:00 check-in stays at 10:00 across both daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr
from django.urls import reverse

from commitments.business_time import BusinessCalendar
from hiring.models import LEAD_ROLES
from intake.agreements import active_agreement_for

from .models import CheckInSeries

DEFAULT_DURATION = 30
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RULES = {
    "weekly": "FREQ=WEEKLY;BYDAY={day}",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
    "monthly": "FREQ=MONTHLY;BYDAY=1{day}",  # the first <weekday> of each month
}


@dataclass(frozen=True)
class SchedulePlan:
    """What the communication plan says about check-ins, as the schedule needs it."""

    rrule: str
    at: time
    duration_minutes: int
    channel: str
    leader_party: str
    attendee_parties: tuple[str, ...]
    version: int | None = None

    def matches(self, series: CheckInSeries) -> bool:
        local = series.starts_at.astimezone(ZoneInfo(series.time_zone)).time()
        return (
            self.rrule == series.rrule
            and self.at == local.replace(tzinfo=None, second=0, microsecond=0)
            and self.duration_minutes == series.duration_minutes
            and self.channel == series.channel
            and self.leader_party == series.leader_party
            and list(self.attendee_parties) == list(series.attendee_parties)
        )


def rrule_for(cadence: str, weekday: int) -> str:
    return _RULES.get(cadence, _RULES["weekly"]).format(day=_BYDAY[int(weekday) % 7])


def plan_for(requisition) -> SchedulePlan | None:
    """The check-in plan of the agreement in force, or None before one is signed."""
    agreement = active_agreement_for(requisition)
    if agreement is None:
        return None
    plan = agreement.communication_plan
    raw = agreement.agreement.communication or {}
    parties = raw.get("checkin_attendee_parties") or [str(role) for role in LEAD_ROLES]
    return SchedulePlan(
        rrule=rrule_for(plan.checkin_cadence, plan.checkin_weekday),
        at=plan.checkin_time,
        duration_minutes=int(raw.get("checkin_length_minutes") or DEFAULT_DURATION),
        channel=plan.checkin_channel,
        leader_party=plan.checkin_leader_party,
        attendee_parties=tuple(parties),
        version=agreement.version,
    )


# --- expanding the rule --------------------------------------------------------------------
def _rule(series: CheckInSeries, *, near: datetime | None = None):
    zone = ZoneInfo(series.time_zone)
    start = series.starts_at.astimezone(zone).replace(tzinfo=None)
    if near is not None:
        start = _moved_near(series.rrule, start, near.astimezone(zone).replace(tzinfo=None))
    return _parsed(series.rrule, start), zone


@lru_cache(maxsize=4096)
def _parsed(rrule: str, start: datetime):
    return rrulestr(f"RRULE:{rrule}", dtstart=start)


def _moved_near(rrule: str, start: datetime, near: datetime) -> datetime:
    """DTSTART moved forward by whole periods of a weekly or daily rule (no COUNT, so
    every later occurrence stays where it was) to at most two periods before `near`:
    dateutil walks a rule from its DTSTART, and a year-old weekly series took 52 steps
    per roll-forward, for each of 1,400 series. Monthly rules and COUNT keep theirs."""
    parts = dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)
    if "COUNT" in parts or "BYSETPOS" in parts:
        return start
    days = {"WEEKLY": 7, "DAILY": 1}.get(parts.get("FREQ", ""))
    if days is None:
        return start
    period = timedelta(days=days * int(parts.get("INTERVAL", "1")))
    periods = (near - start) // period - 2
    return start + periods * period if periods > 0 else start


def rule_starts(series: CheckInSeries, *, after: datetime, before: datetime) -> list[datetime]:
    """The rule's occurrences in [after, before), as aware wall-clock times of its zone
    (before `until` when the series ended)."""
    rule, zone = _rule(series, near=after)
    lo = after.astimezone(zone).replace(tzinfo=None)
    hi = before.astimezone(zone).replace(tzinfo=None)
    found = []
    for naive in rule.between(lo, hi, inc=True):
        moment = naive.replace(tzinfo=zone)
        if moment < after or moment >= before:
            continue
        if series.until is not None and moment >= series.until:
            break
        found.append(moment)
    return found


def first_start(plan: SchedulePlan, *, time_zone: str, now: datetime) -> datetime:
    """DTSTART of a new series: the rule's first occurrence after `now`."""
    zone = ZoneInfo(time_zone)
    local_now = now.astimezone(zone)
    anchor = datetime.combine(local_now.date(), plan.at)
    naive = rrulestr(f"RRULE:{plan.rrule}", dtstart=anchor).after(
        local_now.replace(tzinfo=None), inc=False
    )
    return naive.replace(tzinfo=zone)


def _holiday_name(country: str, day: date) -> str:
    try:
        return holidays.country_holidays(country, years=day.year).get(day) or "a public holiday"
    except NotImplementedError:
        return "a public holiday"


def placed(series: CheckInSeries, requisition, rule_start: datetime) -> tuple[datetime, str]:
    """Where an occurrence of the rule really goes: on a public holiday of the search's
    country, the next business day at the same time, with a note saying why."""
    calendar = BusinessCalendar.for_requisition(requisition)
    zone = ZoneInfo(series.time_zone)
    local = rule_start.astimezone(zone)
    if calendar.is_business_day(local.date()) or calendar.is_weekend(local.date()):
        return rule_start, ""
    day = calendar.next_business_day(local.date())
    name = _holiday_name(requisition.country, local.date())
    note = f"Moved from {local:%a %-d %b} ({name}, a public holiday) to {day:%a %-d %b}."
    return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone), note


# --- its people and how it reads ---------------------------------------------------------
def attendees_of(series: CheckInSeries) -> list:
    parties = set(series.attendee_parties)
    return [m.user for m in series.requisition.team_members.all() if m.role in parties]


def leader_of(series: CheckInSeries):
    requisition = series.requisition
    return requisition.member(series.leader_party) or requisition.recruiter


def describe(series: CheckInSeries) -> str:
    zone = ZoneInfo(series.time_zone)
    local = series.starts_at.astimezone(zone)
    cadence = {
        "FREQ=WEEKLY;BYDAY": "every",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY": "every other",
        "FREQ=MONTHLY;BYDAY": "the first",
    }.get(series.rrule.rsplit("=", 1)[0], "from")
    monthly = " of the month" if "MONTHLY" in series.rrule else ""
    return (
        f"{cadence} {local:%A}{monthly} at {local:%H:%M} ({series.time_zone}), "
        f"{series.duration_minutes} min"
    )


def checkin_url(checkin) -> str:
    return reverse("checkins:checkin-detail", args=[checkin.pk])


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
