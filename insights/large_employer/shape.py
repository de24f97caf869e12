"""The shape of the large employer: its sizes, names, places and the patterns its rows
follow (everything derived from a row's index, no random numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from accounts.models import Role
from hiring.models import Requisition, TeamRole
from pipeline.models import Stage

PASSWORD = "accord-bench"
LEADS = (TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER)
LEAD_JOB = {
    TeamRole.RECRUITER: Role.RECRUITER,
    TeamRole.HR_GENERALIST: Role.HR_GENERALIST,
    TeamRole.HIRING_MANAGER: Role.HIRING_MANAGER,
}
PREFIX = "le-"  # every seeded username starts with it


@dataclass(frozen=True)
class Size:
    people: int
    requisitions: int
    applications: int
    big_search: int  # applications on the one big search
    interviews: int
    checkins: int
    commitments: int


SIZES = {
    "large": Size(400, 2000, 60_000, 2030, 20_000, 20_000, 300_000),
    "small": Size(40, 40, 1_200, 200, 400, 400, 6_000),
}

# (role, agency?, share of the people)
PEOPLE_MIX = [
    (Role.RECRUITER, False, 0.08),
    (Role.RECRUITER, True, 0.02),
    (Role.HR_GENERALIST, False, 0.05),
    (Role.HIRING_MANAGER, False, 0.35),
    (Role.ADMIN, False, 0.01),
    (Role.INTERVIEWER, False, None),  # the rest
]
FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Nikhil",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aleksander",
    "Beatriz",
    "Callum",
    "Dilnoza",
]
LAST = [
    "Adeyemi",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quist",
    "Rahman",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Virtanen",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zhang",
]
TITLES = [
    "Senior Backend Engineer",
    "Product Designer",
    "Data Analyst",
    "Engineering Manager",
    "Account Executive",
    "Customer Success Manager",
    "Financial Controller",
    "SRE",
    "Mobile Engineer",
    "Recruiting Coordinator",
    "Marketing Manager",
    "Payroll Specialist",
    "Security Engineer",
    "Legal Counsel",
    "Data Scientist",
    "Office Manager",
]
DEPARTMENTS = ["Engineering", "Product", "Sales", "Finance", "People", "Operations", "Legal"]
PLACES = [
    ("London", "GB", "Europe/London", "GBP"),
    ("New York", "US", "America/New_York", "USD"),
    ("Berlin", "DE", "Europe/Berlin", "EUR"),
]
MUST_HAVES = ["Five years in the role", "Led a team through a migration", "Owns on-call"]
NICE_TO_HAVES = ["PostgreSQL", "Event-driven systems", "Mentoring", "Public speaking"]
INTERVIEW_STAGES = [
    ("Recruiter screen", 30, MUST_HAVES[2:]),
    ("Technical interview", 60, MUST_HAVES[:2]),
    ("Team and values", 45, NICE_TO_HAVES[2:3]),
]
# One search's candidates, repeated: (stage, interview round); interviews follow from it.
STAGE_PATTERN = [
    (Stage.APPLIED, None),
    (Stage.SCREENING, None),
    (Stage.REJECTED, None),
    (Stage.SUBMITTED, None),
    (Stage.APPLIED, None),
    (Stage.INTERVIEW, 0),
    (Stage.REJECTED, None),
    (Stage.SCREENING, None),
    (Stage.WITHDRAWN, None),
    (Stage.INTERVIEW, 1),
    (Stage.APPLIED, None),
    (Stage.SUBMITTED, None),
    (Stage.REJECTED, None),
    (Stage.INTERVIEW, 0),
    (Stage.SCREENING, None),
    (Stage.OFFER, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.INTERVIEW, 2),
    (Stage.SUBMITTED, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.SCREENING, None),
    (Stage.WITHDRAWN, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.SUBMITTED, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.SCREENING, None),
]
BATCH = 5000


CLOSED_STAGES = (Stage.REJECTED, Stage.WITHDRAWN)


def state_of(i: int) -> str:
    """70% open, 5% on hold, 15% filled, 8% cancelled, 2% draft, spread evenly."""
    slot = i % 100
    if slot < 70:
        return Requisition.State.OPEN
    if slot < 75:
        return Requisition.State.ON_HOLD
    if slot < 90:
        return Requisition.State.FILLED
    if slot < 98:
        return Requisition.State.CANCELLED
    return Requisition.State.DRAFT


def weekday_at(moment, weekday, at, zone, backwards=False) -> datetime:
    """The first `weekday` at `at` (wall clock of `zone`) on or after `moment` (or on or
    before it, `backwards`)."""
    day: date = moment.astimezone(zone).date()
    step = -1 if backwards else 1
    while day.weekday() != weekday:
        day += timedelta(days=step)
    return datetime.combine(day, at, tzinfo=zone)


def friday_on_or_before(day: date) -> date:
    while day.weekday() != 4:
        day -= timedelta(days=1)
    return day
