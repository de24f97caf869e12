from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"

    def ready(self):
        # accounts sits below the outbox: its emails come here through its hook list.
        from accounts.emails import MAILERS

        from .mail import queue_email

        MAILERS.register(queue_email)
