from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "Commitments"

    def ready(self):
        # hiring sits below commitments: it calls us through its hook lists (README, "Hook
        # lists").
        from hiring.lifecycle import STATE_FOLLOWERS
        from hiring.team import TEAM_FOLLOWERS

        from . import following

        STATE_FOLLOWERS.register(following.follow_state)
        STATE_FOLLOWERS.register(following.tell_the_team)
        TEAM_FOLLOWERS.register(following.hand_over_at_once)
        TEAM_FOLLOWERS.register(following.tell_who_joined_or_left)
