from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Check-ins and status updates"

    def ready(self):
        # hiring and intake sit below checkins: they call us through their hook lists.
        from commitments.actions import EMAIL_ACTIONS
        from hiring.lifecycle import STATE_FOLLOWERS
        from hiring.team import TEAM_FOLLOWERS
        from intake.signatures import ACTIVATION_FOLLOWERS

        from . import message_actions, schedule

        STATE_FOLLOWERS.register(schedule.follow_requisition_state)
        ACTIVATION_FOLLOWERS.register(schedule.follow_agreement_activation)
        TEAM_FOLLOWERS.register(schedule.follow_team_change)
        EMAIL_ACTIONS.register(message_actions.action_item_actions)
