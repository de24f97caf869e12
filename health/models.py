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


class Lease(models.Model):
    """A named lease held by one process at a time (health.leases). The scheduler's lease
    makes a second beat a hot standby; `renewed_at` says when a holder last ticked."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    renewed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} held by {self.holder or 'nobody'}"


class Pulse(models.Model):
    """When a periodic job last finished (written by a Celery signal, see apps.py): the
    health page's "seconds since the last sweep"."""

    name = models.CharField(max_length=200, primary_key=True)
    at = models.DateTimeField()
    # What the job left to do when it finished (retention: candidates still due), or None
    # for a job that always finishes everything.
    left = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
