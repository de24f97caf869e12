from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake and agreement"

    def ready(self):
        # hiring sits below intake: it calls us through its hook lists (README, "Hook lists").
        from commitments.absences import AWAY_POLICIES
        from hiring.lifecycle import STATE_FOLLOWERS
        from hiring.team import TEAM_FOLLOWERS

        from . import agreements, sessions, signatures

        STATE_FOLLOWERS.register(sessions.cancel_intake_of_closed_search)
        TEAM_FOLLOWERS.register(sessions.attendees_follow_hand_over)
        TEAM_FOLLOWERS.register(signatures.signers_follow_hand_over)
        AWAY_POLICIES.register(agreements.away_policy_for)
