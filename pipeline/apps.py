from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = "Candidates and the pipeline"

    def ready(self):
        # Leave other people's candidates out of the journal and the Commitments tab.
        from commitments.actions import EMAIL_ACTIONS
        from commitments.visibility import COMMITMENT_HIDERS
        from hiring.journal import JOURNAL_HIDERS
        from hiring.lifecycle import STATE_FOLLOWERS, STATE_GATES

        from . import closing, message_actions, visibility

        JOURNAL_HIDERS.register(visibility.journal_about_hidden_candidates)
        COMMITMENT_HIDERS.register(visibility.commitments_about_hidden_candidates)
        EMAIL_ACTIONS.register(message_actions.review_actions)
        # A search's end closes its candidates, each still to be told (issue 25).
        STATE_GATES.register(closing.gate_fill)
        STATE_FOLLOWERS.register(closing.close_candidates_of_closed_search)
