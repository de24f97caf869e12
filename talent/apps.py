from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = "The talent pool"

    def ready(self):
        # Keep each candidate's pool document up to date as pipeline changes them.
        from pipeline.candidates import CANDIDATE_CHANGES
        from pipeline.stages import MOVE_FOLLOWERS

        from . import indexing

        CANDIDATE_CHANGES.register(indexing.follow_candidate_change)
        MOVE_FOLLOWERS.register(indexing.follow_move)
