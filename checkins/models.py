from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from hiring.models import Requisition


class StatusUpdateRequest(models.Model):
    """This week's "send the hiring manager a status update", one per requisition and day.

    The unique key makes the hourly request task idempotent: however often it runs on the
    agreed day, one request and so one commitment exists for that day.
    """

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="status_update_requests"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "due_on"], name="status_update_request_once_a_day"
            )
        ]

    def __str__(self):
        return f"Status update for {self.requisition} due {self.due_on}"


class StatusUpdate(models.Model):
    """What the recruiter told the hiring manager; journaled and emailed."""

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="status_updates"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress = models.TextField()
    pipeline = models.TextField(blank=True)
    blockers = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"Status update on {self.requisition} at {self.sent_at:%Y-%m-%d}"


# --- the check-in schedule (issue 11) -------------------------------------------------------
class CheckInSeriesQuerySet(models.QuerySet):
    def current(self):
        """The series in force on each search (running or suspended while on hold)."""
        return self.exclude(state=CheckInSeries.State.ENDED)


class CheckInSeries(models.Model):
    """One run of the agreed check-in rule (RFC 5545 RRULE from `starts_at`, wall time in
    `time_zone`). A plan change in a newly signed agreement ends this series at that moment
    (`until`) and starts another one, so what was already held or scheduled before stays as
    it was; closing the search ends it; putting it on hold suspends it."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended while the search is on hold"
        ENDED = "ended", "Ended"

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="checkin_series"
    )
    agreement_version = models.PositiveIntegerField(null=True, blank=True)
    rrule = models.CharField(max_length=200)
    starts_at = models.DateTimeField(help_text="DTSTART: the rule's first occurrence.")
    until = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    channel = models.CharField(max_length=20)
    leader_party = models.CharField(max_length=20)
    attendee_parties = models.JSONField(default=list)
    sequence = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    generated_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CheckInSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "check-in series"
        constraints = [
            models.UniqueConstraint(
                fields=["requisition"],
                condition=~models.Q(state="ended"),
                name="checkin_one_current_series",
            )
        ]

    def __str__(self):
        return f"Check-ins of {self.requisition} ({self.rrule})"

    @property
    def uid(self) -> str:
        return f"checkin-series-{self.pk}@accord"


class CheckInQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(state=CheckIn.State.SCHEDULED)

    def record_due(self, now):
        """Past occurrences whose record is not yet owed: served by checkin_record_due_idx."""
        return self.filter(state=CheckIn.State.SCHEDULED, record_opened_at=None, ends_at__lte=now)

    def upcoming(self, now):
        return self.scheduled().filter(starts_at__gt=now).order_by("starts_at")


class CheckIn(models.Model):
    """One occurrence of a series: scheduled, then held or missed (the record), or
    cancelled. `recurrence_id` is the rule's own start for it (RECURRENCE-ID in invites);
    `starts_at` is when it really takes place (moved for a holiday or by hand)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"

    series = models.ForeignKey(CheckInSeries, on_delete=models.CASCADE, related_name="checkins")
    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="checkins")
    recurrence_id = models.DateTimeField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True, help_text="Why it is not on the rule.")
    cancel_reason = models.CharField(max_length=300, blank=True)
    # Cancelled because the search went on hold: reopening puts it back.
    suspended = models.BooleanField(default=False)
    record_opened_at = models.DateTimeField(null=True, blank=True)
    # The record
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    progress = models.TextField(blank=True)
    blockers = models.TextField(blank=True)
    missed_reason = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            # Rolling forward twice makes each occurrence once.
            models.UniqueConstraint(
                fields=["series", "recurrence_id"], name="checkin_once_per_recurrence"
            )
        ]
        indexes = [
            # checkins.records.open_due_records: occurrences whose time has passed and whose
            # record is not yet owed. Only such rows are in it.
            models.Index(
                fields=["ends_at"],
                name="checkin_record_due_idx",
                condition=models.Q(state="scheduled", record_opened_at__isnull=True),
            ),
            models.Index(fields=["requisition", "starts_at"], name="checkin_requisition_idx"),
        ]

    def __str__(self):
        return f"Check-in on {self.requisition} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_recorded(self) -> bool:
        return self.state in (self.State.HELD, self.State.MISSED)

    @property
    def uid(self) -> str:
        return self.series.uid

    def series_zone(self) -> ZoneInfo:
        return ZoneInfo(self.series.time_zone)


class ActionItem(models.Model):
    """Something a check-in agreed that one team member does by a date; an "action item"
    commitment until its owner marks it done with a note."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="action_items")
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["requisition", "due_on"],
                name="action_item_open_idx",
                condition=models.Q(done_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class PulseSide(models.TextChoices):
    """The two sides of the collaboration the pulse asks about."""

    RECRUITING = "recruiting", "Recruiter side"
    HIRING = "hiring", "Hiring manager and HR side"


class PulseAnswer(models.Model):
    """ "How is our collaboration on this search going?" — one answer per person and
    check-in, kept per side."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="pulse_answers")
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="pulse_answers"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=12, choices=PulseSide.choices)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=1000)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "person"], name="pulse_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="pulse_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.score}/5 from {self.person} on {self.checkin}"


class CalendarFeed(models.Model):
    """A person's private calendar feed: whoever holds the token reads it, so it is long,
    random, compared in constant time, and replaced on request (the old URL is then 404)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"
