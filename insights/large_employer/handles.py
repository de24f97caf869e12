"""The handles a benchmark opens in a database seeded earlier, the counts it prints, and the
reset that empties the domain tables first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from checkins.models import CheckIn
from commitments.models import Commitment
from hiring.models import Activity, Requisition, TeamRole
from interviews.models import Interview, Scorecard
from pipeline.models import Application

from .shape import PREFIX


@dataclass
class Handles:
    """What a benchmark opens: people by part, and the searches and objects they look at."""

    recruiter: User  # recruiter of the big search (and of many others)
    agency_recruiter: User
    hr_lead: User  # sees every search
    hiring_manager: User  # of the big search
    interviewer: User  # sits on interviews of the big search
    admin: User
    big_search: Requisition
    typical_search: Requisition
    application: Application  # on the big search, with interviews and scorecards
    interview: Interview  # ended, with submitted scorecards
    checkin: CheckIn  # held, with a record and a pulse
    counts: dict = field(default_factory=dict)


def find_handles() -> Handles:
    """The benchmark's handles in a database seeded by `seed_large_employer`."""
    users = {u.username: u for u in User.objects.filter(username__startswith=PREFIX)}
    big = Requisition.objects.filter(title__startswith="Big search").order_by("pk").first()
    typical = Requisition.objects.filter(state=Requisition.State.OPEN).exclude(pk=big.pk)
    typical = typical.order_by("pk")[typical.count() // 2]
    team = {m.role: m.user for m in big.team_members.select_related("user")}
    interview = (
        Interview.objects.filter(
            requisition=big,
            scorecards__state=Scorecard.State.SUBMITTED,
            ends_at__lt=now_to_the_minute(),
        )
        .order_by("-ends_at")
        .first()
    )
    panel = interview.interviewers.exclude(pk=team[TeamRole.HIRING_MANAGER].pk).first()
    checkin = (
        CheckIn.objects.filter(requisition=big, state=CheckIn.State.HELD)
        .order_by("-starts_at")
        .first()
    )
    return Handles(
        recruiter=team[TeamRole.RECRUITER],
        agency_recruiter=User.objects.filter(username__startswith=PREFIX, role=Role.RECRUITER)
        .exclude(agency_name="")
        .order_by("pk")
        .first(),
        hr_lead=users[f"{PREFIX}hr-001"],
        hiring_manager=team[TeamRole.HIRING_MANAGER],
        interviewer=panel or team[TeamRole.HIRING_MANAGER],
        admin=users[f"{PREFIX}admin-001"],
        big_search=big,
        typical_search=typical,
        application=interview.application,
        interview=interview,
        checkin=checkin,
        counts=counts(),
    )


def counts() -> dict[str, int]:
    return {
        "people": User.objects.filter(username__startswith=PREFIX).count(),
        "requisitions": Requisition.objects.count(),
        "applications": Application.objects.count(),
        "interviews": Interview.objects.count(),
        "scorecards": Scorecard.objects.count(),
        "check-ins": CheckIn.objects.count(),
        "commitments": Commitment.objects.count(),
        "open commitments": Commitment.objects.open().count(),
        "journal entries": Activity.objects.count(),
    }


def now_to_the_minute() -> datetime:
    return timezone.now().replace(second=0, microsecond=0)


# Every table the seeding writes (and the ones that point at them), emptied first. Reference
# rows made by migrations (disposition reasons, templates, default matrix) are kept.
def _domain_tables() -> list[str]:
    keep = {
        "pipeline.dispositionreason",
        "intake.responsibilitytemplatestep",
        "intake.serviceleveldefault",
        "interviews.messagetemplate",
        "interviews.offerdeclinereason",
    }
    tables = []
    for label in (
        "hiring",
        "outbox",
        "commitments",
        "intake",
        "pipeline",
        "interviews",
        "checkins",
        "privacy",
    ):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in keep and model._meta.managed:
                tables.append(model._meta.db_table)
    return tables


def reset():
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        raise RuntimeError("Seed on PostgreSQL, in a database whose name contains 'bench'.")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_domain_tables())} RESTART IDENTITY CASCADE")
    User.objects.filter(username__startswith=PREFIX).delete()
