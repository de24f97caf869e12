from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = "Interviews, scorecards and offers"

    def ready(self):
        from pipeline.stages import follow_application_moves, register_gate

        from .offers import follow_moves, gate_offer_and_hire

        register_gate(gate_offer_and_hire)
        follow_application_moves(follow_moves)
