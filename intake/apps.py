from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake and agreement"

    def ready(self):
        # Register the followers of a search's state and team (hiring.lifecycle, hiring.team).
        from . import sessions, signatures  # noqa: F401
