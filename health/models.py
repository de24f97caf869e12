from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """Written by a Celery worker once a minute (beat); /healthz reports the latest one, so
    a stopped worker or beat shows up as a stale heartbeat."""

    beat_at = models.DateTimeField(default=timezone.now, db_index=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        get_latest_by = "beat_at"

    def __str__(self):
        return f"{self.worker} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
