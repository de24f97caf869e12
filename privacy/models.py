from django.conf import settings
from django.db import models
from django.utils import timezone


class Erasure(models.Model):
    """That a candidate's personal data was erased, when, by whom (None: the retention
    task) and why — with no personal data itself. The scrubbed Candidate row stays, so the
    searches' counts and figures stay right."""

    class Reason(models.TextChoices):
        REQUEST = "request", "The person asked"
        RETENTION = "retention", "Kept longer than the retention period"

    candidate = models.OneToOneField(
        "pipeline.Candidate", on_delete=models.PROTECT, related_name="erasure"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    # What was removed, as counts: {"resumes": 1, "messages": 2, "emails": 3, ...}
    removed = models.JSONField(default=dict)

    def __str__(self):
        return f"Erasure of candidate #{self.candidate_id}"
