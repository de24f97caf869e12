from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "Commitments"

    def ready(self):
        from . import (  # noqa: F401 — registrations
            bounces,  # who is told in the app when an email bounces
            following,  # the requisition-state follower
        )
