from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from commitments.service_terms import (
    DEFAULT_SERVICE_LEVELS,
    CommitmentKind,
    Party,
    ServiceTerm,
    Unit,
)
from hiring.models import Requisition


class CycleStep(models.TextChoices):
    """The recruiting-cycle steps: the rows of the responsibility matrix (DESIGN.md)."""

    HIRING_STRATEGY = "hiring_strategy", "Hiring strategy and job definition"
    JOB_AD_APPROVAL = "job_ad_approval", "Job ad approval"
    SOURCING = "sourcing", "Sourcing"
    SCREENING = "screening", "Screening"
    SHORTLIST_PRESENTATION = "shortlist_presentation", "Shortlist presentation"
    INTERVIEW_SCHEDULING = "interview_scheduling", "Interview scheduling"
    INTERVIEWING = "interviewing", "Interviewing"
    INTERVIEW_FEEDBACK = "interview_feedback", "Interview feedback and debrief"
    REFERENCE_CHECKS = "reference_checks", "Reference checks"
    OFFER_PREPARATION = "offer_preparation", "Offer preparation"
    OFFER_CLOSING = "offer_closing", "Offer extension and closing"
    CANDIDATE_FOLLOW_UP = "candidate_follow_up", "Follow-up with unsuccessful candidates"
    STATUS_UPDATES = "status_updates", "Status updates to the hiring manager"
    ONBOARDING_HANDOFF = "onboarding_handoff", "Onboarding hand-off"


class Signer(models.TextChoices):
    """The agreement's parties: the matrix columns and the three signatures."""

    RECRUITER = Party.RECRUITER.value, "Recruiter"
    HR_GENERALIST = Party.HR_GENERALIST.value, "HR generalist"
    HIRING_MANAGER = Party.HIRING_MANAGER.value, "Hiring manager"


class Letter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


_LETTER_FIELD = {"max_length": 1, "choices": Letter.choices, "blank": True}


def row_problem(cells: dict[str, str]) -> str:
    """Why one step breaks the rule, or "" when it keeps it."""
    letters = [cells.get(party, "") for party in Signer.values]
    accountable, responsible = letters.count("A"), letters.count("R")
    problems = []
    if accountable == 0:
        problems.append("nobody is Accountable")
    elif accountable > 1:
        problems.append(f"{accountable} parties are Accountable; exactly one may be")
    if responsible == 0:
        problems.append("nobody is Responsible")
    text = "; ".join(problems)
    return text[:1].upper() + text[1:]


class ResponsibilityTemplateStep(models.Model):
    """The organisation's default matrix, kept by an admin; each new agreement copies it."""

    step = models.CharField(max_length=30, choices=CycleStep.choices, unique=True)
    recruiter = models.CharField(**_LETTER_FIELD)
    hr_generalist = models.CharField("HR generalist", **_LETTER_FIELD)
    hiring_manager = models.CharField(**_LETTER_FIELD)

    class Meta:
        verbose_name = "default responsibility matrix row"

    def __str__(self):
        return self.get_step_display()

    def cells(self) -> dict[str, str]:
        return {party: getattr(self, party) for party in Signer.values}

    def clean(self):
        if problem := row_problem(self.cells()):
            raise ValidationError(problem)


class ServiceLevelDefault(models.Model):
    """The organisation's default service level for one commitment kind; kinds without a
    row fall back to commitments.service_terms.DEFAULT_SERVICE_LEVELS."""

    kind = models.CharField(max_length=30, choices=CommitmentKind.choices, unique=True)
    owner_party = models.CharField(max_length=20, choices=Party.choices)
    amount = models.PositiveSmallIntegerField(validators=[MaxValueValidator(400)])
    unit = models.CharField(max_length=20, choices=Unit.choices)

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.term}"

    @property
    def term(self) -> ServiceTerm:
        return ServiceTerm(self.owner_party, self.amount, self.unit)


class LimitedStage(models.TextChoices):
    """The stages of a candidate an agreement may limit (issue 21, "stage limits"): the open
    stages of `pipeline.models.Stage` with the same values, every interview round counted as
    "interviewing" (intake sits below pipeline, so the values are repeated here)."""

    APPLIED = "applied", "New, not yet screened"
    SCREENING = "screening", "Recruiter screen"
    SUBMITTED = "submitted", "With the hiring manager for review"
    INTERVIEW = "interview", "Interviewing (each round)"
    OFFER = "offer", "Offer"


class StageLimitDefault(models.Model):
    """The organisation's default limit for one stage; new agreements copy it. Stages without
    a row start from `intake.parts.DEFAULT_STAGE_LIMITS`."""

    stage = models.CharField(max_length=20, choices=LimitedStage.choices, unique=True)
    party = models.CharField(
        "whose move", max_length=20, choices=Signer.choices, help_text="Who owes the move on."
    )
    days = models.PositiveSmallIntegerField(
        "business days",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Empty: no limit.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.days or 'no limit'}"


class AgreementDefaults(models.Model):
    """What new agreements start from for the calibration round, the rejection-pattern
    threshold and the agreed consequences (one row, kept by an admin; without one the
    values below apply)."""

    calibration_round = models.BooleanField(
        "calibration round after signing",
        default=True,
        help_text="New searches start with a calibration round agreed.",
    )
    calibration_days = models.PositiveSmallIntegerField(
        "calibration profiles due within (business days)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    rejection_threshold = models.PositiveSmallIntegerField(
        "rejections against the brief before it is raised",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    tell_owners_manager = models.BooleanField("tell the late person's own manager", default=True)
    hr_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="HR lead to tell",
        limit_choices_to={"role": "hr_generalist"},
    )
    mark_at_risk = models.BooleanField("mark the search at risk", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "defaults for new agreements"

    def __str__(self):
        return "Defaults for new agreements"

    @classmethod
    def current(cls) -> "AgreementDefaults":
        """The admin's row, or the built-in defaults (unsaved) when there is none."""
        return cls.objects.select_related("hr_lead").order_by("pk").first() or cls()


def term_to_row(term: ServiceTerm) -> dict:
    return {"owner_party": str(term.owner_party), "amount": term.amount, "unit": str(term.unit)}


def organisation_defaults() -> dict[str, ServiceTerm]:
    """The admin's ServiceLevelDefault rows, DESIGN.md's table for kinds without one."""
    terms = dict(DEFAULT_SERVICE_LEVELS)
    for row in ServiceLevelDefault.objects.all():
        terms[row.kind] = row.term
    return terms


def term_from_row(kind: str, row: dict | None) -> ServiceTerm:
    """A stored row as a ServiceTerm; a kind the version lacks falls back to the defaults."""
    if not row:
        return organisation_defaults()[kind]
    return ServiceTerm(row["owner_party"], int(row["amount"]), row["unit"])


class IntakeSession(models.Model):
    """The kick-off meeting that produces the first agreement; one per requisition."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video call"

    requisition = models.OneToOneField(
        Requisition, on_delete=models.CASCADE, related_name="intake_session"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.VIDEO)
    where = models.CharField(max_length=200, blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Bumped on each reschedule so calendars replace the event instead of adding one.
    sequence = models.PositiveIntegerField(default=0)
    held_at = models.DateTimeField(null=True, blank=True)
    # Set when the search is declined or closed before the intake took place: the attendees'
    # calendars got a METHOD:CANCEL.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    held_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Intake for {self.requisition}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def has_started(self, now=None) -> bool:
        """An intake can be marked held only once it has begun."""
        return (now or timezone.now()) >= self.starts_at

    @property
    def uid(self) -> str:
        return f"intake-{self.pk}@accord"


class AgreementQuerySet(models.QuerySet):
    def for_requisition(self, requisition):
        return self.filter(requisition=requisition)

    def draft(self):
        return self.filter(state=Agreement.State.DRAFT)

    def awaiting_signatures(self):
        return self.filter(state=Agreement.State.AWAITING_SIGNATURES)

    def active(self):
        return self.filter(state=Agreement.State.ACTIVE)

    def sent(self):
        """Versions that were frozen: everything but the draft."""
        return self.exclude(state=Agreement.State.DRAFT)

    def with_signatures(self):
        return self.prefetch_related(
            models.Prefetch(
                "signatures", queryset=Signature.objects.select_related("signer").order_by("pk")
            )
        )


class Agreement(models.Model):
    """One version of a requisition's agreement. Its parts are JSON snapshots on the row:
    once sent for signature nothing writes them again (`set_part` refuses), so every version
    stays readable exactly as it was signed."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGNATURES = "awaiting_signatures", "Awaiting signatures"
        ACTIVE = "active", "Active"
        SUPERSEDED = "superseded", "Superseded"
        WITHDRAWN = "withdrawn", "Withdrawn"

    PARTS = (
        "role_profile",
        "interview_plan",
        "sourcing",
        "budget",
        "service_levels",
        "communication",
        "matrix",
        "calibration",
        "stage_limits",
        "consequences",
    )

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Superseded or withdrawn.")

    role_profile = models.JSONField(default=dict)
    interview_plan = models.JSONField(default=dict)
    sourcing = models.JSONField(default=dict)
    budget = models.JSONField(default=dict)
    service_levels = models.JSONField(default=dict)
    communication = models.JSONField(default=dict)
    matrix = models.JSONField(default=dict)
    # Issue 21: how the agreement learns from the search (intake.parts): the calibration
    # round and the rejection-pattern threshold, how long a candidate may sit in each stage,
    # and what follows a deadline still missed after the last escalation. Empty on versions
    # signed before these parts existed: read as "none agreed".
    calibration = models.JSONField(default=dict)
    stage_limits = models.JSONField(default=dict)
    consequences = models.JSONField(default=dict)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["requisition", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "version"], name="agreement_version_unique"
            ),
            # One draft at a time: two editors racing to start v3 make one draft, not two.
            models.UniqueConstraint(
                fields=["requisition"],
                condition=Q(state="draft"),
                name="agreement_one_draft",
            ),
            models.UniqueConstraint(
                fields=["requisition"],
                condition=Q(state="awaiting_signatures"),
                name="agreement_one_awaiting_signatures",
            ),
            models.UniqueConstraint(
                fields=["requisition"],
                condition=Q(state="active"),
                name="agreement_one_active",
            ),
        ]

    def __str__(self):
        return f"Agreement v{self.version} for {self.requisition}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_frozen(self) -> bool:
        return not self.is_draft

    def set_part(self, part: str, value: dict):
        if part not in self.PARTS:
            raise ValueError(f"Unknown agreement part {part!r}.")
        if self.is_frozen:
            raise ValidationError(
                f"Version {self.version} was sent for signature and can no longer change; "
                "edit the draft of the next version instead."
            )
        setattr(self, part, value)

    def parts(self) -> dict[str, dict]:
        return {part: getattr(self, part) for part in self.PARTS}

    def signature_for(self, party: str):
        """The signature that counts for `party` (a voided one never does)."""
        return next(
            (s for s in self.signatures.all() if s.party == party and s.voided_at is None), None
        )

    def signature_rows(self) -> list[dict]:
        """The three signatures in signing order, HR's countersignature last, each with the
        signatures that no longer count (their signer left that part of the team)."""
        order = [Signer.RECRUITER, Signer.HIRING_MANAGER, Signer.HR_GENERALIST]
        return [
            {
                "party": party,
                "label": party.label,
                "signature": self.signature_for(party),
                "voided": [s for s in self.signatures.all() if s.party == party and s.voided_at],
            }
            for party in order
        ]

    def service_term(self, kind: str) -> ServiceTerm:
        return term_from_row(kind, self.service_levels.get(kind))


class Signature(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=20, choices=Signer.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    # Set when the signer leaves that part of the team before the version is in force: the
    # signature stays on record, shown as such, and the new holder signs instead.
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            # A double click or two tabs sign once per party (a voided signature aside).
            models.UniqueConstraint(
                fields=["agreement", "party"],
                condition=Q(voided_at__isnull=True),
                name="signature_one_per_party",
            ),
        ]

    def __str__(self):
        return f"{self.signer} for {self.get_party_display()} on {self.agreement}"


class SearchDecline(models.Model):
    """A recruiter passing on a search at intake ("if you cannot come to terms, pass")."""

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="+")
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    declined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-declined_at"]

    def __str__(self):
        return f"{self.declined_by} declined {self.requisition}"


class Consequence(models.Model):
    """What followed one deadline still missed after the last escalation, as the agreement in
    force agreed it (issue 21; `intake.consequences`): one row per commitment, so the sweep
    carries it out once. The search is "at risk" while `at_risk` and the commitment is open."""

    commitment = models.OneToOneField(
        "commitments.Commitment", on_delete=models.CASCADE, related_name="consequence"
    )
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="+")
    applied_at = models.DateTimeField(default=timezone.now)
    told = models.JSONField(default=list, blank=True)  # [{"id", "name", "as"}]
    at_risk = models.BooleanField(default=False)

    def __str__(self):
        return f"Consequence of {self.commitment_id}"


class CalibrationRound(models.Model):
    """The calibration round after signing (issue 21; intake.calibration). profiles:
    [{"label", "summary"}]; marks: per profile {must-have: "yes" | "no" | "close"}."""

    requisition = models.OneToOneField(Requisition, on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    profiles = models.JSONField(default=list, blank=True)
    presented_at = models.DateTimeField(null=True, blank=True)
    marks = models.JSONField(default=list, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calibration round of {self.requisition_id}"
