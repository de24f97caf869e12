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
