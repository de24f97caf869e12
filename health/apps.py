from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = "Health"

    def ready(self):
        from celery.signals import task_success

        from .pulses import record_pulse

        task_success.connect(record_pulse, weak=False, dispatch_uid="health.record_pulse")
