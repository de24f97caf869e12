from django.apps import AppConfig


class SlackConfig(AppConfig):
    name = "slack"
    verbose_name = "Slack"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commitments.delivery import DIRECT_CHANNELS

        from . import channel

        DIRECT_CHANNELS.register(channel.carry_by_slack)
