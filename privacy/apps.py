from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Candidates' personal data"

    def ready(self):
        # An erased person never comes back into the talent pool.
        from talent.indexing import LEFT_OUT

        from . import erasure

        LEFT_OUT.register(erasure.erased_among)
