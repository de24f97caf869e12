from django.contrib.auth.models import AbstractUser
from django.db import models


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


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTERVIEWER)
    agency_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="Set for recruiters from an outside agency; empty for employees.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    reminder_email = models.CharField(
        "reminder emails",
        max_length=10,
        choices=ReminderEmail.choices,
        default=ReminderEmail.IMMEDIATE,
        help_text="In-app notifications always arrive at once; this is about email.",
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.display_name

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

    def can_view_all_requisitions(self) -> bool:
        return self.is_active and self.has_perm("hiring.view_all_requisitions")

    def can_see_status_board(self) -> bool:
        return self.is_active and (
            self.is_superuser or self.role in {Role.HR_GENERALIST, Role.ADMIN}
        )

    def can_create_requisitions(self) -> bool:
        return self.is_active and (
            self.is_superuser
            or self.role in {Role.RECRUITER, Role.HR_GENERALIST, Role.HIRING_MANAGER, Role.ADMIN}
        )
