from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = "Commitments"

    def ready(self):
        # hiring and the outbox sit below commitments: they call us through their hook lists
        # (README, "Hook lists").
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from hiring.lifecycle import STATE_FOLLOWERS
        from hiring.team import TEAM_FOLLOWERS
        from outbox.delivery import BOUNCE_LISTENERS

        from . import bounces, following, message_actions, tallies
        from .actions import EMAIL_ACTIONS

        STATE_FOLLOWERS.register(following.follow_state)
        STATE_FOLLOWERS.register(following.tell_the_team)
        TEAM_FOLLOWERS.register(following.hand_over_at_once)
        TEAM_FOLLOWERS.register(following.tell_who_joined_or_left)
        BOUNCE_LISTENERS.register(bounces.tell_of_bounce)
        EMAIL_ACTIONS.register(message_actions.commitment_actions)
        # SQLite's tally triggers call a function of ours (commitments.tallies).
        connection_created.connect(tallies.register_sqlite_functions)
        pre_migrate.connect(tallies.drop_before_migrate, sender=self)
        post_migrate.connect(tallies.rebuild_after_migrate, sender=self)
