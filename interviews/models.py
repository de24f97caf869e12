"""Interviews and what follows them: scorecards, the debrief decision, offers, messages to
the candidate and the candidate's survey (DESIGN.md "Candidate pipeline", "Scorecard")."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hiring.models import Requisition


class InterviewQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(state=Interview.State.SCHEDULED)

    def feedback_due(self, now):
        """Ended interviews whose feedback commitments are not opened yet: served by
        interview_feedback_due_idx (read by interviews.feedback.open_feedback_commitments)."""
        return self.filter(
            state=Interview.State.SCHEDULED, feedback_opened_at__isnull=True, ends_at__lte=now
        )

    def given_by(self, user):
        return self.filter(interviewers=user)

    def awaiting_scorecard_from(self, user):
        """Interviews (not cancelled) with `user` on the panel and no scorecard of theirs
        submitted: while one of a candidate's is, the others' scorecards of that candidate
        stay closed to them (interviews.feedback.may_see_others)."""
        own = Scorecard.objects.submitted().filter(interview=models.OuterRef("pk"), author=user)
        return self.scheduled().filter(interviewers=user).exclude(models.Exists(own))

    def overlapping(self, *, starts_at, ends_at):
        return self.scheduled().filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Interview(models.Model):
    """One meeting of the candidate with a panel at one stage of the agreed interview plan.

    The stage's name and focus areas are copied from the plan when it is scheduled, so a
    later version of the agreement does not change what the panel was asked to assess.
    `sequence` rises on every change so calendars replace the event with the same UID.
    """

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "pipeline.Application", on_delete=models.CASCADE, related_name="interviews"
    )
    stage_index = models.PositiveSmallIntegerField()
    stage_name = models.CharField(max_length=120)
    focus_areas = models.JSONField(default=list)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("place or video link", max_length=300)
    notes = models.TextField("notes for the interviewers", blank=True, max_length=2000)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    cancel_reason = models.CharField(max_length=300, blank=True)
    # Set by the sweep that opened the feedback commitments; the claim that makes it once.
    feedback_opened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"
            )
        ]
        indexes = [
            # interviews.feedback.open_feedback_commitments: ended interviews still waiting
            # for their feedback commitments; only those rows are in it.
            models.Index(
                fields=["ends_at"],
                name="interview_feedback_due_idx",
                condition=Q(state="scheduled", feedback_opened_at__isnull=True),
            ),
            models.Index(fields=["requisition", "starts_at"], name="interview_requisition_idx"),
        ]

    def __str__(self):
        return f"{self.stage_name} with {self.application}"

    @property
    def uid(self) -> str:
        return f"interview-{self.pk}@accord"

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def panel(self) -> list:
        return list(self.interviewers.all())

    def is_on_panel(self, user) -> bool:
        return any(person.pk == user.pk for person in self.interviewers.all())

    def times_for(self, user) -> dict:
        """The interview's time in its search's zone and, when it differs then, `user`'s
        (`templates/interviews/_when.html` shows both). Set `requisition` on a list's rows
        first: it reads the search's zone."""
        zone = ZoneInfo(self.requisition.time_zone)
        mine = user.zone
        start, end = self.starts_at, self.ends_at
        shown = {
            "start": timezone.localtime(start, zone),
            "end": timezone.localtime(end, zone),
            "zone": self.requisition.time_zone,
        }
        if (
            mine.key != zone.key
            and start.astimezone(mine).utcoffset() != start.astimezone(zone).utcoffset()
        ):
            shown["my_start"] = timezone.localtime(start, mine)
            shown["my_end"] = timezone.localtime(end, mine)
            shown["my_zone"] = mine.key
        return shown


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


RATING_LABELS = {1: "Weak", 2: "Mixed", 3: "Good", 4: "Strong"}


class ScorecardQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(state=Scorecard.State.SUBMITTED)


class Scorecard(models.Model):
    """One interviewer's assessment of one interview. A draft saves itself while it is
    written; submitting it meets the feedback commitment; only its author amends it."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # [{"area": "Owns on-call", "rating": 1..4 or None, "note": "..."}] in the stage's order.
    ratings = models.JSONField(default=list)
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    notes = models.TextField(blank=True, max_length=5000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    amended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "submitted_at", "pk"]
        constraints = [
            # Two tabs autosaving at once write one scorecard, not two.
            models.UniqueConstraint(fields=["interview", "author"], name="scorecard_one_per_author")
        ]

    def __str__(self):
        return f"Scorecard by {self.author} on {self.interview}"

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    def rating_for(self, area: str):
        return next((r.get("rating") for r in self.ratings if r.get("area") == area), None)

    def note_for(self, area: str) -> str:
        return next((r.get("note", "") for r in self.ratings if r.get("area") == area), "")


class OfferDeclineReason(models.Model):
    """The managed list of why candidates turn offers down (admin)."""

    label = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class Offer(models.Model):
    """prepared → extended → accepted / declined. Prepared by the party Responsible for
    offer preparation, extended and closed by the party Responsible for offer extension."""

    class State(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        PREPARED = "prepared", "Prepared"
        EXTENDED = "extended", "Extended"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    application = models.OneToOneField(
        "pipeline.Application", on_delete=models.CASCADE, related_name="offer"
    )
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREPARING)
    salary = models.DecimalField(max_digits=12, decimal_places=0, null=True, blank=True)
    salary_currency = models.CharField(max_length=3, blank=True)
    outside_band_reason = models.CharField(max_length=500, blank=True)
    start_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extended_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.ForeignKey(
        OfferDeclineReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["requisition", "state"], name="offer_requisition_idx")]

    def __str__(self):
        return f"Offer to {self.application}"

    def is_outside_band(self, requisition=None) -> bool:
        requisition = requisition or self.requisition
        if self.salary is None:
            return False
        low, high = requisition.salary_min, requisition.salary_max
        return (low is not None and self.salary < low) or (high is not None and self.salary > high)


class MessageTemplate(models.Model):
    """An admin-editable text sent to candidates at a milestone. Rendered by Django's
    template language on a restricted context (interviews.candidate_messages)."""

    class Kind(models.TextChoices):
        PREPARATION = "preparation", "Interview preparation"
        THANKS = "thanks", "Thanks after the interview"
        REJECTION = "rejection", "Decision: rejection"
        OFFER = "offer", "Decision: offer"

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = "candidate message template"

    def __str__(self):
        return self.get_kind_display()


class CandidateMessage(models.Model):
    """A message sent to a candidate, as rendered: the outbox key makes it once."""

    application = models.ForeignKey(
        "pipeline.Application", on_delete=models.CASCADE, related_name="candidate_messages"
    )
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=MessageTemplate.Kind.choices)
    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    text = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject


class SurveyQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)


_RATING = {
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(1), MaxValueValidator(5)],
}


class Survey(models.Model):
    """The candidate's post-interview survey: one per interview, opened by a private link.

    Only a hash of the link's secret is stored, so the table alone opens nothing; the link
    is signed (so a forged one is refused before the database is asked) and single-use
    (`answered_at` is claimed by a conditional update). Answers are read only in aggregate.
    """

    QUESTIONS = {
        "rating_respect": "You were treated with courtesy and respect",
        "rating_preparation": "You knew what to expect before the interview",
        "rating_organisation": "The interview was well organised and on time",
        "rating_communication": "We kept you informed about what happens next",
    }

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="survey")
    token_hash = models.CharField(max_length=64, unique=True)
    # Whom the answers rate: the search's recruiter and hiring manager when it was sent.
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    rating_respect = models.PositiveSmallIntegerField(**_RATING)
    rating_preparation = models.PositiveSmallIntegerField(**_RATING)
    rating_organisation = models.PositiveSmallIntegerField(**_RATING)
    rating_communication = models.PositiveSmallIntegerField(**_RATING)
    comment = models.TextField(blank=True, max_length=2000)

    objects = SurveyQuerySet.as_manager()

    def __str__(self):
        return f"Survey for {self.interview}"
