from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .reference import CURRENCY_CHOICES


class TeamRole(models.TextChoices):
    """A person's part in one search. The first three are the agreement's parties."""

    RECRUITER = "recruiter", "Recruiter"
    HR_GENERALIST = "hr_generalist", "HR generalist"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"


LEAD_ROLES = (TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER)


class RequisitionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may open: searches they are on, or all with view_all_requisitions."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.can_view_all_requisitions():
            return self
        return self.filter(
            Exists(HiringTeamMember.objects.filter(requisition=OuterRef("pk"), user=user))
        )

    def with_team(self):
        """Prefetch the hiring team with its people: two queries whatever the page size."""
        return self.prefetch_related(
            Prefetch(
                "team_members",
                queryset=HiringTeamMember.objects.select_related("user").order_by("role", "pk"),
            )
        )

    def with_team_shared(self):
        """`with_team` with each person loaded once, however many teams they sit on (three
        queries): for the tasks that read a thousand searches' teams at once (the weekly
        status-update requests: 9,800 memberships of 400 people built 9,800 users)."""
        return self.prefetch_related(
            Prefetch("team_members", queryset=HiringTeamMember.objects.order_by("role", "pk")),
            "team_members__user",
        )

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(department__icontains=text) | Q(location__icontains=text)
        )


class Requisition(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        FIXED_TERM = "fixed_term", "Fixed-term contract"
        CONTRACTOR = "contractor", "Contractor"
        INTERNSHIP = "internship", "Internship"

    class Priority(models.TextChoices):
        LOW = "low", "Low"
        NORMAL = "normal", "Normal"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    class OpeningReason(models.TextChoices):
        NEW_ROLE = "new_role", "New role"
        GROWTH = "growth", "Team growth"
        REPLACEMENT = "replacement", "Replacement (someone left)"
        BACKFILL = "backfill", "Backfill (internal move or leave)"
        CONVERSION = "conversion", "Contractor conversion"

    # Allowed moves of the lifecycle: draft → open → on hold → open → filled / cancelled.
    MOVES = {
        State.DRAFT: (State.OPEN, State.CANCELLED),
        State.OPEN: (State.ON_HOLD, State.FILLED, State.CANCELLED),
        State.ON_HOLD: (State.OPEN, State.CANCELLED),
        State.FILLED: (),
        State.CANCELLED: (),
    }
    MOVES_NEEDING_REASON = (State.ON_HOLD, State.CANCELLED)

    title = models.CharField(max_length=120)
    department = models.CharField(max_length=80)
    location = models.CharField(max_length=120)
    country = models.CharField(max_length=2)
    time_zone = models.CharField(max_length=64)
    headcount = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    salary_min = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    salary_currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    salary_shared_with_agency = models.BooleanField(
        "share the band with the agency recruiter",
        default=False,
        help_text="Let an agency recruiter on this search see the salary band.",
    )
    target_start_date = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    opening_reason = models.CharField(
        max_length=20, choices=OpeningReason.choices, default=OpeningReason.NEW_ROLE
    )
    reason_detail = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    held_by_party = models.CharField(
        max_length=20,
        blank=True,
        help_text="Who put the search on hold (hiring.permissions): only that side reopens it.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The search's id in the system it was imported from (imports/): a re-run of the same
    # file finds it here and creates nothing twice. Blank for searches opened in Accord.
    external_id = models.CharField("external id", max_length=100, blank=True, default="")

    objects = RequisitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("view_all_requisitions", "Can see every requisition in the organisation")]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="requisition_salary_band_ordered",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="requisition_headcount_1"),
            # One search per external id in the organisation; its index serves the
            # importer's match (imports.requisitions: external_id IN (…) per chunk).
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="requisition_external_id_unique",
            ),
        ]
        indexes = [models.Index(fields=["state", "-created_at"], name="requisition_state_idx")]

    def __str__(self):
        return self.title

    # --- the hiring team, read from the prefetch when there is one ---------------------
    def _members(self):
        return list(self.team_members.all())

    def roles_of(self, user) -> set[str]:
        return {m.role for m in self._members() if m.user_id == user.pk}

    def member(self, role: str):
        return next((m.user for m in self._members() if m.role == role), None)

    @property
    def recruiter(self):
        return self.member(TeamRole.RECRUITER)

    @property
    def hr_generalist(self):
        return self.member(TeamRole.HR_GENERALIST)

    @property
    def hiring_manager(self):
        return self.member(TeamRole.HIRING_MANAGER)

    @property
    def interviewers(self):
        return [m.user for m in self._members() if m.role == TeamRole.INTERVIEWER]

    # --- permissions: the server's rules; templates only mirror them ---------------------
    def can_edit(self, user) -> bool:
        if self.is_closed:
            return False
        roles = self.roles_of(user)
        return user.is_admin or bool(roles & set(LEAD_ROLES)) or user.is_hr_lead

    def can_change_team(self, user) -> bool:
        """HR, admins and the hiring manager; the person who drafted it while it is a draft."""
        if self.is_closed:
            return False
        if user.is_admin:
            return True
        if self.state == self.State.DRAFT and self.created_by_id == user.pk:
            return True
        roles = self.roles_of(user)
        if roles & {TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER}:
            return True
        return user.is_hr_lead

    def can_read_journal(self, user) -> bool:
        return user.can_view_all_requisitions() or bool(self.roles_of(user) & set(LEAD_ROLES))

    def shows_every_candidate_to(self, user) -> bool:
        """Whether `user` sees every candidate of this search (Application.visible_to):
        admins, who sees all searches, its HR generalist, hiring manager and internal
        recruiter (from the prefetched team: no query for them)."""
        if not (user.is_authenticated and user.is_active):
            return False
        leads = {TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER}
        if not user.is_agency_recruiter:
            leads.add(TeamRole.RECRUITER)
        return bool(
            user.is_admin or self.roles_of(user) & leads or user.can_view_all_requisitions()
        )

    def salary_visible_to(self, user) -> bool:
        """Agency recruiters see the band only when shared; interviewers never do."""
        if user.can_view_all_requisitions() or user.is_admin:
            return True
        roles = self.roles_of(user)
        if user.is_agency_recruiter:
            return self.salary_shared_with_agency and TeamRole.RECRUITER in roles
        return bool(roles & set(LEAD_ROLES))

    # --- the lifecycle ------------------------------------------------------------------
    @property
    def is_closed(self) -> bool:
        return self.state in (self.State.FILLED, self.State.CANCELLED)

    def allowed_moves(self) -> tuple[str, ...]:
        return self.MOVES[self.state]

    def can_move_to(self, state: str) -> bool:
        return state in self.allowed_moves()

    @property
    def days_open(self) -> int | None:
        if not self.opened_at:
            return None
        end = self.closed_at or timezone.now()
        return (end - self.opened_at).days

    @property
    def salary_band(self) -> str:
        if self.salary_min is None and self.salary_max is None:
            return ""
        low = f"{self.salary_min:,.0f}" if self.salary_min is not None else "…"
        high = f"{self.salary_max:,.0f}" if self.salary_max is not None else "…"
        return f"{self.salary_currency} {low} – {high}"


class HiringTeamMember(models.Model):
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="team_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(max_length=20, choices=TeamRole.choices)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One recruiter, one HR generalist, one hiring manager per search.
            models.UniqueConstraint(
                fields=["requisition", "role"],
                condition=~Q(role="interviewer"),
                name="team_one_person_per_lead_role",
            ),
            models.UniqueConstraint(
                fields=["requisition", "user", "role"], name="team_member_role_unique"
            ),
        ]
        # visible_to() asks "is this user on this requisition?" on every page.
        indexes = [models.Index(fields=["user", "requisition"], name="team_user_requisition_idx")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ActivityQuerySet(models.QuerySet):
    def for_journal(self):
        return self.select_related("actor").order_by("-created_at", "-pk")


class Activity(models.Model):
    """The requisition's journal: one row per event, written by the domain functions."""

    class Kind(models.TextChoices):
        """Every kind the code writes (tests/hiring/test_journal_kinds.py reads the source)."""

        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        STATE_CHANGED = "state_changed", "State changed"
        TEAM_CHANGED = "team_changed", "Hiring team changed"
        # commitments: waived by HR or the counterpart, handed over to a new team member
        COMMITMENT_WAIVED = "commitment_waived", "Commitment waived"
        COMMITMENT_HANDED_OVER = "commitment_handed_over", "Commitments handed over"
        # commitments: its owner's "not mine" and "I need more time", and their answers
        COMMITMENT_DECLINED = "commitment_declined", "Commitment declined by its owner"
        COMMITMENT_DECLINE_ANSWERED = "commitment_decline_answered", "Decline answered"
        EXTENSION_ASKED = "extension_asked", "More time asked"
        EXTENSION_ANSWERED = "extension_answered", "More time answered"
        REMINDED_AGAIN = "reminded_again", "Reminded again"
        EMAIL_ACTION = "email_action", "Acted from an email"
        ABSENCE = "absence", "Away, with a stand-in"
        # intake: the session, the agreement's versions and signatures, a declined search
        INTAKE_SCHEDULED = "intake_scheduled", "Intake scheduled"
        INTAKE_HELD = "intake_held", "Intake held"
        INTAKE_CANCELLED = "intake_cancelled", "Intake cancelled"
        AGREEMENT_DRAFTED = "agreement_drafted", "Agreement drafted"
        AGREEMENT_EDITED = "agreement_edited", "Agreement edited"
        AGREEMENT_SENT = "agreement_sent", "Agreement sent for signature"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        AGREEMENT_ACTIVE = "agreement_active", "Agreement in force"
        SEARCH_DECLINED = "search_declined", "Search declined"
        # pipeline: candidates, screening, submissions and the hiring manager's review
        CANDIDATE_ADDED = "candidate_added", "Candidate added"
        RESUME_UPLOADED = "resume_uploaded", "Résumé uploaded"
        CANDIDATE_SCREENED = "candidate_screened", "Candidate screened"
        CANDIDATE_MOVED = "candidate_moved", "Candidate moved"
        CANDIDATE_SUBMITTED = "candidate_submitted", "Candidate submitted"
        CANDIDATES_SUBMITTED = "candidates_submitted", "Candidates submitted"
        CANDIDATE_REJECTED = "candidate_rejected", "Candidate rejected"
        CANDIDATE_WITHDRAWN = "candidate_withdrawn", "Candidate withdrawn"
        CANDIDATE_REOPENED = "candidate_reopened", "Candidate reopened"
        CANDIDATE_QUESTION = "candidate_question", "Question on a candidate"
        CANDIDATE_ANSWER = "candidate_answer", "Answer on a candidate"
        SHORTLIST_PRESENTED = "shortlist_presented", "Shortlist presented"
        # checkins: the weekly status update
        STATUS_UPDATE = "status_update", "Status update sent"
        # checkins: the schedule, one occurrence, the record, action items
        CHECKIN_SCHEDULE = "checkin_schedule", "Check-in schedule set"
        CHECKIN_MOVED = "checkin_moved", "Check-in moved"
        CHECKIN_CANCELLED = "checkin_cancelled", "Check-in cancelled"
        CHECKIN_RECORDED = "checkin_recorded", "Check-in recorded"
        ACTION_ITEM_DONE = "action_item_done", "Action item done"
        # interviews: interviews, scorecards, the debrief, offers, candidate messages
        INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
        INTERVIEW_MOVED = "interview_moved", "Interview moved"
        INTERVIEW_CANCELLED = "interview_cancelled", "Interview cancelled"
        SCORECARD_SUBMITTED = "scorecard_submitted", "Scorecard submitted"
        SCORECARD_AMENDED = "scorecard_amended", "Scorecard amended"
        OFFER_PREPARED = "offer_prepared", "Offer prepared"
        OFFER_EXTENDED = "offer_extended", "Offer extended"
        OFFER_ACCEPTED = "offer_accepted", "Offer accepted"
        OFFER_DECLINED = "offer_declined", "Offer declined"
        CANDIDATE_MESSAGED = "candidate_messaged", "Message sent to a candidate"
        # privacy: a subject-access export, an erasure (no personal data in either entry)
        CANDIDATE_DATA_EXPORTED = "candidate_data_exported", "Candidate's data exported"
        CANDIDATE_ERASED = "candidate_erased", "Candidate erased"
        # privacy: two profiles of one address made one by an HR lead (names no other search)
        CANDIDATES_MERGED = "candidates_merged", "Candidate profiles merged"
        # the agreement learns (issue 21): the brief against the decisions, the calibration
        # round, the consequences agreed for a missed deadline
        BRIEF_DISAGREES = "brief_disagrees", "Decisions disagree with the brief"
        BRIEF_RECALIBRATED = "brief_recalibrated", "Brief revision proposed"
        CALIBRATION_PRESENTED = "calibration_presented", "Calibration profiles presented"
        CALIBRATION_MARKED = "calibration_marked", "Calibration profiles marked"
        CONSEQUENCE_APPLIED = "consequence_applied", "Agreed consequence applied"
        # imports: what an import of a file did in this search (counts, no names)
        IMPORTED = "imported", "Imported from a file"

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="activities"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["requisition", "-created_at"], name="activity_journal_idx")]

    def __str__(self):
        return self.summary
