from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Check-ins and status updates"

    def ready(self):
        # hiring and intake sit below checkins: they call us through their registries.
        from hiring.lifecycle import follow_requisition_state
        from hiring.team import follow_team_changes
        from intake.signatures import follow_agreement_activation

        from . import schedule

        follow_requisition_state(schedule.follow_requisition_state)
        follow_agreement_activation(schedule.follow_agreement_activation)
        follow_team_changes(schedule.follow_team_change)
