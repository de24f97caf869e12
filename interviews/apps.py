from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interviews, scorecards and offers"

    def ready(self):
        from hiring.lifecycle import follow_requisition_state
        from hiring.team import follow_team_changes
        from pipeline.stages import follow_application_moves, register_gate

        from . import visibility  # noqa: F401 — hides other people's candidates' interviews
        from .offers import follow_moves, gate_offer_and_hire
        from .scheduling import cancel_upcoming_of_closed_search, drop_leavers_from_panels

        register_gate(gate_offer_and_hire)
        follow_application_moves(follow_moves)
        follow_requisition_state(cancel_upcoming_of_closed_search)
        follow_team_changes(drop_leavers_from_panels)
