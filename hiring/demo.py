"""The demo organisation's people and requisitions, made through the same domain functions
the pages use. Called first by `insights/management/commands/seed_demo.py`; every later part
of a search seeds its own demo data from what these return, on the same `DemoClock`.

Each search has a past (issue 25, finding 9: a newcomer judges the product by it): the
Customer Success Lead was opened three months ago and filled in the autumn, the Senior
Backend Engineer seven weeks ago, the Data Analyst five weeks ago and put on hold, the
Product Designer last week and still a draft.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import Role, User

from .lifecycle import create_requisition, move_requisition
from .models import Requisition

LONDON = ZoneInfo("Europe/London")


class DemoClock:
    """The demo's history, played on a clock that moves through the weeks.

    `present` is the moment the seed runs. `go(moment)` stops every clock the code reads —
    `timezone.now()`, stamped fields, the journal, notices, emails, the domain functions'
    own `now` — at `moment` until the next move, so each step of a search is made by the
    same domain functions as the pages, at the time it happened: a search opened seven weeks
    ago has been open seven weeks, its journal reads like one, and a notice about a meeting
    was written before the meeting. Each app's demo plays its own part in the order things
    happened; the parts of different apps interleave in time as a search does (the agreement
    before its candidates, candidates before their interviews).
    """

    def __init__(self, traveller, present: datetime):
        self.traveller, self.present = traveller, present

    def go(self, moment: datetime) -> datetime:
        self.traveller.move_to(moment)
        return moment

    def back_to_present(self) -> datetime:
        return self.go(self.present)

    def day(self, days_ago: int, hour: int, minute: int = 0, *, calendar=None) -> datetime:
        """`days_ago` working days before today (negative: after it) at `hour`:`minute` in
        the calendar's zone. With a `commitments.business_time.BusinessCalendar`, its
        holidays are skipped too; without, Monday to Friday in London."""
        zone = calendar.zone if calendar is not None else LONDON
        day = timezone.localtime(self.present, zone).date()
        for _ in range(abs(days_ago)):
            day = _step(day, -1 if days_ago > 0 else 1, calendar)
        if days_ago == 0 and not _is_working_day(day, calendar):
            day = _step(day, -1, calendar)
        return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _is_working_day(day, calendar) -> bool:
    return calendar.is_business_day(day) if calendar is not None else day.weekday() < 5


def _step(day, direction, calendar):
    if calendar is not None:
        return (
            calendar.previous_business_day(day)
            if direction < 0
            else calendar.next_business_day(day)
        )
    day += timedelta(days=direction)
    while day.weekday() >= 5:
        day += timedelta(days=direction)
    return day


@contextmanager
def demo_clock(present: datetime | None = None):
    """A DemoClock for the length of the block; every clock is real again after it."""
    present = present or timezone.now()
    with time_machine.travel(present, tick=False) as traveller:
        yield DemoClock(traveller, present)


DEMO_PASSWORD = "accord-demo"

PEOPLE = [
    # username, first, last, role, agency, job title
    ("recruiter", "Riya", "Patel", Role.RECRUITER, "", "Talent acquisition partner"),
    ("agency", "Marco", "Silva", Role.RECRUITER, "Talentbridge Partners", "Agency recruiter"),
    ("hr", "Hannah", "Okafor", Role.HR_GENERALIST, "", "HR business partner"),
    ("manager", "Daniel", "Weiss", Role.HIRING_MANAGER, "", "Head of Engineering"),
    ("interviewer", "Aiko", "Tanaka", Role.INTERVIEWER, "", "Staff engineer"),
    ("admin", "Sam", "Reyes", Role.ADMIN, "", "Head of talent acquisition"),
]


def seed_people(clock: DemoClock) -> dict:
    """The six demo people by username (their accounts made three months ago), and the
    "HR leads" group that lets `hr` see every search."""
    clock.go(clock.day(66, 9))
    hr_leads, _ = Group.objects.get_or_create(name="HR leads")
    hr_leads.permissions.add(Permission.objects.get(codename="view_all_requisitions"))
    # One hash for the one published password: hashing it six times was half the seeding.
    password = make_password(DEMO_PASSWORD)
    people = {}
    for username, first, last, role, agency, title in PEOPLE:
        people[username] = User.objects.create(
            username=username,
            password=password,
            email=f"{username}@example.com",
            first_name=first,
            last_name=last,
            role=role,
            agency_name=agency,
            job_title=title,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
    people["hr"].groups.add(hr_leads)
    return people


def seed_requisitions(people, clock: DemoClock) -> dict:
    """Four searches in different states, each opened when its story began; returns them by
    title, teams loaded."""
    today = timezone.localdate(clock.present)
    common = {"country": "GB", "time_zone": "Europe/London", "salary_currency": "GBP"}
    team = {
        "recruiter": people["recruiter"],
        "hr_generalist": people["hr"],
        "hiring_manager": people["manager"],
    }

    clock.go(clock.day(64, 10))
    success = create_requisition(
        data={
            **common,
            "title": "Customer Success Lead",
            "department": "Customer Success",
            "location": "Dublin",
            "country": "IE",
            "time_zone": "Europe/Dublin",
            "salary_currency": "EUR",
            "salary_min": 60000,
            "salary_max": 72000,
            "opening_reason": Requisition.OpeningReason.BACKFILL,
        },
        team=team,
        created_by=people["recruiter"],
    )
    clock.go(clock.day(64, 10, 20))
    move_requisition(requisition=success, to_state="open", moved_by=people["recruiter"])

    clock.go(clock.day(36, 9, 30))
    backend = create_requisition(
        data={
            **common,
            "title": "Senior Backend Engineer",
            "department": "Engineering",
            "location": "London (hybrid)",
            "headcount": 2,
            "salary_min": 85000,
            "salary_max": 105000,
            "target_start_date": today + timedelta(days=75),
            "priority": Requisition.Priority.HIGH,
            "opening_reason": Requisition.OpeningReason.GROWTH,
            "reason_detail": "The payments team doubles next year.",
        },
        team={**team, "interviewers": [people["interviewer"]]},
        created_by=people["recruiter"],
    )
    clock.go(clock.day(36, 9, 45))
    move_requisition(requisition=backend, to_state="open", moved_by=people["recruiter"])

    clock.go(clock.day(25, 11))
    analyst = create_requisition(
        data={
            **common,
            "title": "Data Analyst",
            "department": "Finance",
            "location": "Manchester",
            "salary_min": 42000,
            "salary_max": 50000,
            "target_start_date": today + timedelta(days=60),
            "opening_reason": Requisition.OpeningReason.REPLACEMENT,
            "employment_type": Requisition.EmploymentType.FIXED_TERM,
        },
        team={**team, "recruiter": people["agency"]},
        created_by=people["hr"],
    )
    clock.go(clock.day(25, 11, 15))
    move_requisition(requisition=analyst, to_state="open", moved_by=people["hr"])

    clock.go(clock.day(12, 16))
    move_requisition(
        requisition=success,
        to_state="filled",
        moved_by=people["hr"],
        outside_note="Filled by an internal move from the support team",
    )

    clock.go(clock.day(4, 14))
    create_requisition(
        data={
            **common,
            "title": "Product Designer",
            "department": "Design",
            "location": "Remote (UK)",
            "salary_min": 55000,
            "salary_max": 68000,
            "target_start_date": today + timedelta(days=100),
            "opening_reason": Requisition.OpeningReason.NEW_ROLE,
        },
        team=team,
        created_by=people["hr"],
    )
    return {r.title: r for r in Requisition.objects.with_team()}


def put_on_hold(people, requisitions, clock: DemoClock) -> None:
    """The Data Analyst search, paused by the hiring manager after its candidates came in
    (called by the seeding once they have)."""
    clock.go(clock.day(8, 15, 30))
    move_requisition(
        requisition=requisitions["Data Analyst"],
        to_state="on_hold",
        moved_by=people["manager"],
        reason="Budget review until the quarter closes",
    )
