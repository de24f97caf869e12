import datetime as dt
import functools
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac


@functools.cache
def time_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(value: str):
    if value and value not in time_zone_names():
        raise ValidationError("Choose a time zone such as Europe/London or America/New_York.")


class Role(models.TextChoices):
    """A person's job in the organisation. Their part in one search is a HiringTeam role."""

    RECRUITER = "recruiter", "Recruiter"
    HR_GENERALIST = "hr_generalist", "HR generalist"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"
    ADMIN = "admin", "Admin"


class ReminderEmail(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately, one email per reminder"
    DIGEST = "digest", "Once a day, in a morning digest"


VIEW_ALL = Q(codename="view_all_requisitions", content_type__app_label="hiring")


def hr_leads():
    """Active HR generalists who see every search (`User.is_hr_lead`, as one query): whom an
    agreement may name to be told of a deadline still missed after the last escalation."""
    granted = Permission.objects.filter(VIEW_ALL)
    return (
        User.objects.filter(is_active=True, role=Role.HR_GENERALIST)
        .filter(Q(user_permissions__in=granted) | Q(groups__permissions__in=granted))
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTERVIEWER)
    agency_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Set for recruiters from an outside agency; empty for employees.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    # Their own manager: told when a deadline of theirs is still missed after the last
    # escalation, where the search's agreement says so (issue 21, intake.consequences).
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Their own manager, told of deadlines still missed after the last escalation "
        "where a search's agreement says so.",
    )
    reminder_email = models.CharField(
        "reminder emails",
        max_length=10,
        choices=ReminderEmail.choices,
        default=ReminderEmail.IMMEDIATE,
        help_text="In-app notifications always arrive at once; this is about email.",
    )
    # Quiet hours: emails wait for the person's working day, in their own time zone.
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="Empty: the organisation's time zone.",
    )
    # HR leads: the week's figures and the pairs that slipped (insights.weekly_summary).
    weekly_summary = models.BooleanField(
        "weekly summary email",
        default=True,
        help_text="On Monday, at the start of your working day: last week's figures and the "
        "recruiter–hiring-manager pairs that slipped.",
    )
    workday_starts = models.TimeField("working day starts", default=dt.time(9, 0))
    workday_ends = models.TimeField("working day ends", default=dt.time(17, 30))
    # Mixed into the session hash: changing it ends every session of this person
    # ("log out everywhere", accounts.sessions.log_out_everywhere).
    session_salt = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def _get_session_auth_hash(self, secret=None):
        """Django's session hash (of the password hash) with this person's salt mixed in;
        `get_session_auth_hash` and the SECRET_KEY_FALLBACKS check both call this. Without
        a salt it is Django's own, so sessions made before the salt existed stay valid."""
        if not self.session_salt:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        if self.reports_to_id is not None and self.reports_to_id == self.pk:
            raise ValidationError({"reports_to": "Nobody reports to themselves."})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_agency_recruiter(self) -> bool:
        """External recruiters see only their own searches and, by default, no salary band."""
        return self.role == Role.RECRUITER and bool(self.agency_name)

    @property
    def role_label(self) -> str:
        if self.is_agency_recruiter:
            return f"Agency recruiter · {self.agency_name}"
        return self.get_role_display()

    @property
    def initials(self) -> str:
        parts = [p for p in (self.first_name, self.last_name) if p]
        return ("".join(p[0] for p in parts) or self.username[:2]).upper()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone or settings.TIME_ZONE)

    def next_working_moment(self, at: dt.datetime) -> dt.datetime:
        """The first moment at or after `at` inside this person's working day (Mon–Fri,
        workday_starts–workday_ends, their own time zone): when an email to them may go."""
        local = timezone.localtime(at, self.zone)
        starts, ends = self.workday_starts, self.workday_ends
        if ends <= starts:  # a nonsensical setting must not hold email back for ever
            return at
        for _ in range(8):
            if local.weekday() < 5:
                opening = local.replace(
                    hour=starts.hour, minute=starts.minute, second=0, microsecond=0
                )
                closing = local.replace(hour=ends.hour, minute=ends.minute, second=0, microsecond=0)
                if local < opening:
                    return opening.astimezone(dt.UTC)
                if local < closing:
                    return at
            local = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
            local = local.replace(microsecond=0)
        return at

    def can_view_all_requisitions(self) -> bool:
        """`has_perm("hiring.view_all_requisitions")`, with the same answer (active, and a
        superuser or granted it directly or through a group), asked by every page that opens
        a search, often several times: one small query per loaded person instead of
        ModelBackend's two (every permission of the person, then of their groups), kept on
        this instance as ModelBackend keeps its own (a request loads its user afresh)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        known = self.__dict__.get("_sees_every_search")
        if known is None:
            known = self._sees_every_search = _granted_view_all(self)
        return known

    # The permission questions asked everywhere, answered in one place.
    @property
    def is_admin(self) -> bool:
        """Accord's administrators: the admin role, or a Django superuser."""
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_hr_lead(self) -> bool:
        """An HR generalist who sees every search (the "HR leads" group's permission) and may
        stand in for the search's own HR generalist."""
        return self.role == Role.HR_GENERALIST and self.can_view_all_requisitions()

    def can_see_status_board(self) -> bool:
        return self.is_active and (self.is_admin or self.role == Role.HR_GENERALIST)

    def can_create_requisitions(self) -> bool:
        """Employees who run searches; an agency recruiter is invited onto one, never opens
        one (issue 7)."""
        return self.is_active and (
            self.is_admin
            or (self.role == Role.RECRUITER and not self.is_agency_recruiter)
            or self.role in {Role.HR_GENERALIST, Role.HIRING_MANAGER}
        )


def _granted_view_all(user) -> bool:
    """Whether `user` holds hiring.view_all_requisitions, directly or through a group: one
    query on the join tables (SQL written out: the ORM spent 1.5 ms of CPU building
    has_perm's two queries on every page that opens a search)."""
    granted = User.user_permissions.through._meta.db_table
    member = User.groups.through._meta.db_table
    group_granted = Permission.group_set.through._meta.db_table
    permission = Permission._meta.db_table
    content_type = Permission._meta.get_field("content_type").related_model._meta.db_table
    connection = connections[User.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id "
            "WHERE p.codename = %s AND ct.app_label = %s AND ("
            f"EXISTS (SELECT 1 FROM {granted} up WHERE up.permission_id = p.id "
            "AND up.user_id = %s) OR "
            f"EXISTS (SELECT 1 FROM {group_granted} gp JOIN {member} ug "
            "ON ug.group_id = gp.group_id WHERE gp.permission_id = p.id AND ug.user_id = %s))",
            ["view_all_requisitions", "hiring", user.pk, user.pk],
        )
        return cursor.fetchone() is not None
