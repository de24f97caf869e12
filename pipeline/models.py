"""Candidates and their applications to a search: stage, stage history, screening, résumé.

The stage model (DESIGN.md, "Candidate pipeline"):

    applied → screening → submitted → interview (one per stage of the active agreement's
    interview plan, `interview_round` = its index) → offer → hired; or rejected / withdrawn

An application's position is its *stage key*: the stage value, or "interview:<round>" for an
interview stage (`Application.stage_key`, `pipeline.stages.parse_stage_key`). Every move goes
through `pipeline.stages.move_application`, which enforces the gates and writes the history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from commitments.service_terms import Party
from hiring.models import HiringTeamMember, Requisition, TeamRole
from intake.parts import SourcingChannel


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    SUBMITTED = "submitted", "Submitted to the hiring manager"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STAGES = (
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.SUBMITTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
)
CLOSED_STAGES = (Stage.REJECTED, Stage.WITHDRAWN)
# Seen by the hiring manager: the stages after the recruiter's screening.
PAST_SCREENING = (Stage.SUBMITTED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED)

# Where a candidate came from: sourcing channels, direct applications, the pool (issue 22).
Source = models.TextChoices(
    "Source",
    [(c.name, (c.value, c.label)) for c in SourcingChannel]
    + [
        ("INBOUND", ("inbound", "Applied directly")),
        ("TALENT_POOL", ("talent_pool", "Talent pool")),
    ],
)


def stage_label(stage: str, interview_name: str = "") -> str:
    if stage == Stage.INTERVIEW and interview_name:
        return interview_name
    return Stage(stage).label


class DispositionReason(models.Model):
    """Why an application closed. An admin keeps the list (seed 004: "restrict moving a
    candidate forward … until … providing a disposition reason")."""

    class Side(models.TextChoices):
        OURS = "ours", "Our decision"
        CANDIDATE = "candidate", "The candidate's decision"

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    side = models.CharField(max_length=10, choices=Side.choices)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["side", "position", "label"]

    def __str__(self):
        return self.label

    @property
    def closes_as(self) -> str:
        """Our reasons reject; the candidate's reasons withdraw."""
        return Stage.REJECTED if self.side == self.Side.OURS else Stage.WITHDRAWN


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Records with an application `user` may see; all for those who see every search."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin or user.can_view_all_requisitions():
            return self
        seen = Application.objects.visible_to(user).values("candidate")
        return self.filter(pk__in=seen)

    def same_email_as(self, candidate):
        """Other profiles with `candidate`'s address: possible duplicates (HR leads')."""
        return self.filter(email__iexact=candidate.email).exclude(pk=candidate.pk)


class Candidate(models.Model):
    """A person as their searches know them: shared only with who sees one of its
    applications, so an email may have two profiles until HR merges them (candidates.py)."""

    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    location = models.CharField(max_length=120, blank=True)
    linkedin_url = models.URLField("LinkedIn", max_length=300, blank=True)
    portfolio_url = models.URLField("portfolio or website", max_length=300, blank=True)
    current_title = models.CharField(max_length=120, blank=True)
    current_company = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # The address looked up when someone is added and for possible duplicates.
            models.Index(Lower("email"), name="candidate_email_ci_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def initials(self) -> str:
        parts = self.name.split()
        return "".join(p[0] for p in parts[:2]).upper() or "?"


class Resume(models.Model):
    """One uploaded résumé. Stored under a random name through Django's storage; served only
    by `pipeline:resume` after an access check (never from a guessable URL)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        ODT = "odt", "OpenDocument (ODT)"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="resumes")
    file = models.FileField(upload_to="resumes/", max_length=200)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    CONTENT_TYPES = {
        Kind.PDF: "application/pdf",
        Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Kind.ODT: "application/vnd.oasis.opendocument.text",
    }

    def __str__(self):
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def is_pdf(self) -> bool:
        return self.kind == self.Kind.PDF


def _interviews_relation():
    """The interviews app's `Interview` (FK `application`, related_name="interviews", M2M
    `interviewers`), once it is installed; None before. Interviewers see the candidates they
    are scheduled to interview and no others (DESIGN.md, "Who uses it")."""
    try:
        field = Application._meta.get_field("interviews")
    except FieldDoesNotExist:
        return None
    return field.related_model


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to applications, on every page and partial:

        - admins and people with `view_all_requisitions`: all;
        - the search's HR generalist, hiring manager and internal recruiter: all of it;
        - an agency recruiter on the search: only those they sourced;
        - an interviewer: only those they are scheduled to interview (interviews app).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin or user.can_view_all_requisitions():
            return self
        team = HiringTeamMember.objects.filter(requisition=OuterRef("requisition"), user=user)
        sees_all_roles = [TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER]
        if not user.is_agency_recruiter:
            sees_all_roles.append(TeamRole.RECRUITER)
        rule = Q(Exists(team.filter(role__in=sees_all_roles)))
        if user.is_agency_recruiter:
            rule |= Q(Exists(team.filter(role=TeamRole.RECRUITER)), sourced_by=user)
        if (interview := _interviews_relation()) is not None:
            rule |= Q(
                Exists(interview.objects.filter(application=OuterRef("pk"), interviewers=user))
            )
        return self.filter(rule)

    def for_requisition(self, requisition):
        return self.filter(requisition=requisition)

    def visible_in(self, requisition, user):
        """`visible_to(user)` on one search, without a condition per row when the person's
        part shows them every candidate of it (admins, who sees all searches, the search's
        HR generalist, hiring manager and internal recruiter). The per-row EXISTS misled
        PostgreSQL's planner into sorting every candidate of the organisation for a page
        of 50 (1.1 s on the big search)."""
        if requisition.shows_every_candidate_to(user):
            return self.for_requisition(requisition)
        return self.visible_to(user).for_requisition(requisition)

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def closed(self):
        return self.filter(stage__in=CLOSED_STAGES)

    def awaiting_review(self):
        """The hiring manager's queue: submitted and not waiting on the recruiter."""
        return self.filter(stage=Stage.SUBMITTED, question_open=False)

    def ever_submitted(self):
        return self.filter(submitted_at__isnull=False)

    def for_board(self):
        """What a card or a list row shows, in one query, and nothing more: 300 cards are
        300 candidates and applications built from rows on every board."""
        return self.select_related("candidate", "disposition_reason").only(
            "requisition_id",
            "candidate__name",
            "candidate__current_title",
            "candidate__current_company",
            "stage",
            "interview_round",
            "interview_stage_name",
            "stage_changed_at",
            "source",
            "question_open",
            "submitted_at",
            "created_at",
            "disposition_reason__label",
        )


class Application(models.Model):
    """A candidate in one search."""

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="applications"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    # With stage == "interview": the index of the stage in the active agreement's interview
    # plan, and that stage's name when the candidate entered it (the plan may change later).
    interview_round = models.PositiveSmallIntegerField(null=True, blank=True)
    interview_stage_name = models.CharField(max_length=120, blank=True)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, choices=Source.choices)
    source_detail = models.CharField(
        max_length=120, blank=True, help_text="Who referred them, which board, which event."
    )
    sourced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resume = models.ForeignKey(
        Resume, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    salary_expectation = models.CharField(max_length=80, blank=True)
    # The first submission to the hiring manager: counts toward the shortlist, once.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The hiring manager asked the recruiter something: out of the review queue until answered.
    question_open = models.BooleanField(default=False)
    disposition_reason = models.ForeignKey(
        DispositionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["stage_changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "requisition"], name="application_candidate_requisition"
            ),
            models.CheckConstraint(
                condition=Q(stage="interview", interview_round__isnull=False)
                | (~Q(stage="interview") & Q(interview_round__isnull=True)),
                name="application_interview_round_iff_interview",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["rejected", "withdrawn"])
                | Q(disposition_reason__isnull=False),
                name="application_closed_has_reason",
            ),
        ]
        indexes = [
            # The board and the list: one requisition's applications by stage.
            models.Index(fields=["requisition", "stage"], name="application_board_idx"),
            # The hiring manager's review queue.
            models.Index(
                fields=["requisition", "stage_changed_at"],
                name="application_review_queue_idx",
                condition=Q(stage="submitted", question_open=False),
            ),
        ]

    def __str__(self):
        return f"{self.candidate} for {self.requisition}"

    @property
    def stage_key(self) -> str:
        if self.stage == Stage.INTERVIEW:
            return f"interview:{self.interview_round}"
        return self.stage

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage, self.interview_stage_name)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_changed_at).days

    @property
    def ball_with(self) -> str | None:
        """Whose court the ball is in: a Party value, or None once closed or hired."""
        if self.stage in (Stage.APPLIED, Stage.SCREENING):
            return Party.RECRUITER
        if self.stage == Stage.SUBMITTED:
            return Party.RECRUITER if self.question_open else Party.HIRING_MANAGER
        if self.stage == Stage.INTERVIEW:
            return Party.HIRING_MANAGER
        if self.stage == Stage.OFFER:
            return Party.HR_GENERALIST
        return None

    @property
    def ball_with_label(self) -> str:
        return Party(self.ball_with).label if self.ball_with else ""


class StageChange(models.Model):
    """One move of an application, kept forever: who, when, from where, to where, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    from_round = models.PositiveSmallIntegerField(null=True, blank=True)
    from_label = models.CharField(max_length=120, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    to_round = models.PositiveSmallIntegerField(null=True, blank=True)
    to_label = models.CharField(max_length=120)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.ForeignKey(
        DispositionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    # A rejection's reason against the brief in force (issue 21; pipeline.brief_check).
    against_brief = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_label or 'new'} → {self.to_label}"


class ScreeningForm(models.Model):
    """The recruiter's screening of one application, built from the active agreement's role
    profile (seed 004: "require screening forms to be completed before a candidate can be
    passed to an HM"). Answers are stored beside the question or criterion they answer, so
    the form reads the same after the agreement changes.

    knockout_answers:    [{"question", "expected", "answer"}]
    must_have_ratings:   [{"criterion", "rating": 1-4, "note"}]
    nice_to_have_ratings:[{"criterion", "rating": 1-4 or None, "note"}]
    """

    RATINGS = [(1, "1 · Does not meet"), (2, "2 · Partly"), (3, "3 · Meets"), (4, "4 · Exceeds")]

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="screening"
    )
    agreement_version = models.PositiveIntegerField(null=True, blank=True)
    knockout_answers = models.JSONField(default=list, blank=True)
    must_have_ratings = models.JSONField(default=list, blank=True)
    nice_to_have_ratings = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True, max_length=4000)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Screening of {self.application}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def failed_knockouts(self) -> list[dict]:
        return [a for a in self.knockout_answers if not knockout_passed(a)]

    def missing_answers(self, profile) -> str | None:
        """What a completed form lacks against `profile` (the agreement may have changed
        since), as a phrase, or None."""
        knockouts = {row.get("question"): row for row in self.knockout_answers or []}
        for q in profile.knockout_questions:
            if not (knockouts.get(q.question, {}).get("answer") or "").strip():
                return f"an answer to “{q.question}”"
        musts = {row.get("criterion"): row for row in self.must_have_ratings or []}
        for text in profile.must_haves:
            if musts.get(text, {}).get("rating") not in (1, 2, 3, 4):
                return f"a rating for “{text}”"
        if not self.summary.strip():
            return "a summary"
        return None


def knockout_passed(answer: dict) -> bool:
    given = (answer.get("answer") or "").strip().casefold()
    return given == (answer.get("expected") or "").strip().casefold()


class ReviewQuestion(models.Model):
    """The hiring manager's question to the recruiter about a submitted candidate; the
    answer puts the candidate back in the manager's queue."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=2000)
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True, max_length=4000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            # One open question per application: a double click asks once.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(answered_at__isnull=True),
                name="review_question_one_open",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
