"""The terms every figure is stated in: the period, the scope, who may see it, the sides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, CharField, Exists, OuterRef, Value, When
from django.utils import timezone

from commitments.service_terms import Party
from hiring.models import HiringTeamMember, Requisition, TeamRole

# --- periods -------------------------------------------------------------------------------
PERIOD_CHOICES = (("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 365 days"))
DEFAULT_PERIOD_DAYS = 90


def organisation_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Period:
    """[start, end): the moments a figure looks at."""

    start: datetime
    end: datetime
    label: str
    days: int | None = None  # set for "last N days"

    @classmethod
    def last(cls, days: int, *, now: datetime | None = None) -> Period:
        now = now or timezone.now()
        return cls(start=now - timedelta(days=days), end=now, label=f"Last {days} days", days=days)

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        """From the start of `first` to the end of `last`, in the organisation's zone."""
        zone = organisation_zone()
        start = datetime.combine(first, time.min, tzinfo=zone)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        return cls(start=start, end=end, label=f"{first:%-d %b %Y} – {last:%-d %b %Y}")

    @property
    def first_day(self) -> date:
        return self.start.astimezone(organisation_zone()).date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(microseconds=1)).astimezone(organisation_zone()).date()

    def weeks(self) -> list[date]:
        """The Mondays of the weeks the period touches, oldest first."""
        monday = self.first_day - timedelta(days=self.first_day.weekday())
        weeks = []
        while monday <= self.last_day:
            weeks.append(monday)
            monday += timedelta(days=7)
        return weeks


# --- scopes --------------------------------------------------------------------------------
ORGANISATION, REQUISITION, PERSON, PAIR = "organisation", "requisition", "person", "pair"


@dataclass(frozen=True)
class Scope:
    """What the figures are about. `department` narrows the organisation to one department
    (compared without regard to case, as the status board does)."""

    kind: str = ORGANISATION
    department: str = ""
    requisition: Requisition | None = None
    person: object = None  # accounts.User
    recruiter: object = None
    hiring_manager: object = None

    @property
    def title(self) -> str:
        if self.kind == REQUISITION:
            return self.requisition.title
        if self.kind == PERSON:
            return self.person.display_name
        if self.kind == PAIR:
            return f"{self.recruiter.display_name} and {self.hiring_manager.display_name}"
        return self.department or "The organisation"


def sees_everyone(viewer) -> bool:
    """HR leads and admins see every search's and everyone's figures; everyone else their
    own and those of the searches they are on."""
    return viewer.is_active and (viewer.is_admin or viewer.can_view_all_requisitions())


def may_view(viewer, scope: Scope) -> bool:
    """Who may open a scope's figures (the view asks; the rows are still only the visible
    requisitions'). Organisation and department: HR leads and admins. A person: themselves,
    or HR leads and admins. A pair: its two people, or HR leads and admins. A requisition:
    its recruiter, HR generalist and hiring manager (the journal's readers), and everyone who
    sees every search."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if sees_everyone(viewer):
        return True
    if scope.kind == PERSON:
        return scope.person.pk == viewer.pk
    if scope.kind == PAIR:
        return viewer.pk in (scope.recruiter.pk, scope.hiring_manager.pk)
    if scope.kind == REQUISITION:
        return scope.requisition.can_read_journal(viewer)
    return False


def _on_team(user, role):
    return Exists(HiringTeamMember.objects.filter(requisition=OuterRef("pk"), user=user, role=role))


def scope_requisitions(viewer, scope: Scope):
    """The requisitions a scope's figures are computed from, as `viewer` may see them."""
    requisitions = Requisition.objects.visible_to(viewer)
    if scope.department:
        requisitions = requisitions.filter(department__iexact=scope.department)
    if scope.kind == REQUISITION:
        requisitions = requisitions.filter(pk=scope.requisition.pk)
    elif scope.kind == PAIR:
        requisitions = requisitions.filter(
            _on_team(scope.recruiter, TeamRole.RECRUITER),
            _on_team(scope.hiring_manager, TeamRole.HIRING_MANAGER),
        )
    return requisitions


# --- sides ---------------------------------------------------------------------------------
RECRUITER_SIDE, HR_SIDE, HIRING_SIDE, OTHERS = "recruiter", "hr", "hiring", "others"
SIDE_LABELS = {
    RECRUITER_SIDE: "Recruiter side",
    HR_SIDE: "HR",
    HIRING_SIDE: "Hiring manager side",
    OTHERS: "Others named at a check-in",
}
SIDE_OF_PARTY = {
    Party.RECRUITER: RECRUITER_SIDE,
    Party.HR_GENERALIST: HR_SIDE,
    Party.HIRING_MANAGER: HIRING_SIDE,
    Party.INTERVIEWER: HIRING_SIDE,
}
SIDE_ORDER = (RECRUITER_SIDE, HIRING_SIDE, HR_SIDE, OTHERS)


def side_of(party: str) -> str:
    return SIDE_OF_PARTY.get(party, OTHERS)


def side_expression():
    """The side of a commitment's party, in SQL (for grouping trends by side)."""
    return Case(
        *[When(party=party, then=Value(side)) for party, side in SIDE_OF_PARTY.items()],
        default=Value(OTHERS),
        output_field=CharField(),
    )
