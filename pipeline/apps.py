from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = "Candidates and the pipeline"

    def ready(self):
        # Leave other people's candidates out of the journal and the Commitments tab.
        from . import visibility  # noqa: F401
