"""When each periodic job /healthz watches last finished: Celery's task_success, connected
in HealthConfig.ready, writes one Pulse row per job."""

from django.utils import timezone

from .models import Pulse

# The periodic jobs whose last success /healthz reports.
WATCHED_TASKS = {
    "commitments.tasks.sweep_commitments": "sweep",
    "outbox.tasks.dispatch_due_emails": "dispatch",
}


def record_pulse(sender=None, **kwargs):
    """Celery task_success: remember when a watched periodic job last finished."""
    name = WATCHED_TASKS.get(getattr(sender, "name", ""))
    if name:
        Pulse.objects.update_or_create(name=name, defaults={"at": timezone.now()})


def record_progress(name: str, *, left: int, now=None) -> None:
    """A job that works in bounded runs says when it last ran and how much it left for the
    next (privacy.retention: candidates still due); /healthz reports both."""
    Pulse.objects.update_or_create(name=name, defaults={"at": now or timezone.now(), "left": left})
