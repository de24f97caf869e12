from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(bind=True)
def record_heartbeat(self):
    """Record that a worker consumed a message; keep a day of them."""
    now = timezone.now()
    Heartbeat.objects.create(beat_at=now, worker=self.request.hostname or "")
    Heartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
