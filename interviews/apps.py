from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interviews, scorecards and offers"

    def ready(self):
        # The floors below call us through their hook lists (README, "Hook lists").
        from commitments.visibility import COMMITMENT_HIDERS
        from hiring.journal import JOURNAL_HIDERS
        from hiring.lifecycle import STATE_FOLLOWERS
        from hiring.team import TEAM_FOLLOWERS
        from pipeline.stage_limits import STAGE_WAIT_COVERS
        from pipeline.stages import MOVE_FOLLOWERS, MOVE_GATES

        from . import decisions, offers, scheduling, visibility

        MOVE_GATES.register(offers.gate_offer_and_hire)
        MOVE_FOLLOWERS.register(offers.follow_moves)
        STATE_FOLLOWERS.register(scheduling.cancel_upcoming_of_closed_search)
        TEAM_FOLLOWERS.register(scheduling.drop_leavers_from_panels)
        JOURNAL_HIDERS.register(visibility.journal_about_hidden_interviews)
        JOURNAL_HIDERS.register(visibility.journal_of_scorecards_held_back)
        COMMITMENT_HIDERS.register(visibility.commitments_about_hidden_interviews)
        STAGE_WAIT_COVERS.register(decisions.waits_covered)
