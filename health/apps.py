from django.apps import AppConfig

# The periodic jobs whose last success /healthz reports.
WATCHED_TASKS = {
    "commitments.tasks.sweep_commitments": "sweep",
    "outbox.tasks.dispatch_due_emails": "dispatch",
}


def record_pulse(sender=None, **kwargs):
    """Celery task_success: remember when a watched periodic job last finished."""
    name = WATCHED_TASKS.get(getattr(sender, "name", ""))
    if name:
        from django.utils import timezone

        from .models import Pulse

        Pulse.objects.update_or_create(name=name, defaults={"at": timezone.now()})


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = "Health"

    def ready(self):
        from celery.signals import task_success

        task_success.connect(record_pulse, weak=False, dispatch_uid="health.record_pulse")
