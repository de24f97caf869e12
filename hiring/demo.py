"""The demo organisation's people and requisitions, made through the same domain functions
the pages use. Called first by `insights/management/commands/seed_demo.py`; every later part
of a search seeds its own demo data from what these return."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import Role, User

from .lifecycle import create_requisition, move_requisition
from .models import Requisition

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


def seed_people() -> dict:
    """The six demo people by username, and the \"HR leads\" group that lets `hr` see every
    search."""
    hr_leads, _ = Group.objects.get_or_create(name="HR leads")
    hr_leads.permissions.add(Permission.objects.get(codename="view_all_requisitions"))
    people = {}
    for username, first, last, role, agency, title in PEOPLE:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@example.com",
            first_name=first,
            last_name=last,
            role=role,
            agency_name=agency,
            job_title=title,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        people[username] = user
    people["hr"].groups.add(hr_leads)
    return people


def seed_requisitions(people) -> dict:
    """Four searches in different states; returns them by title, teams loaded."""
    today = timezone.localdate()
    common = {"country": "GB", "time_zone": "Europe/London", "salary_currency": "GBP"}
    team = {
        "recruiter": people["recruiter"],
        "hr_generalist": people["hr"],
        "hiring_manager": people["manager"],
    }
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
    move_requisition(requisition=backend, to_state="open", moved_by=people["recruiter"])

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
    move_requisition(requisition=analyst, to_state="open", moved_by=people["hr"])
    move_requisition(
        requisition=analyst,
        to_state="on_hold",
        moved_by=people["manager"],
        reason="Budget review until the quarter closes",
    )

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
    move_requisition(requisition=success, to_state="open", moved_by=people["recruiter"])
    move_requisition(requisition=success, to_state="filled", moved_by=people["hr"])
    return {r.title: r for r in Requisition.objects.with_team()}
