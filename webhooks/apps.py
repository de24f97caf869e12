from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        # Events happen on lower floors; commitments calls us through its hook list inside
        # each event's transaction (README, "Hook lists").
        from commitments.events import EVENT_LISTENERS

        from . import recording

        EVENT_LISTENERS.register(recording.record_deliveries)
