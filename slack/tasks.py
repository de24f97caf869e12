"""Celery tasks of Slack: ids in, one function of slack.delivery, safe to run twice."""

from celery import shared_task

from . import delivery
from .api import SlackError


@shared_task(time_limit=60, soft_time_limit=45)
def send_slack_message(message_id):
    """Claimed before it is posted: a duplicated task posts nothing more. Retries and the
    fall-back to email are the row's (slack.delivery), not the broker's."""
    return delivery.send_message(message_id)


@shared_task(bind=True, time_limit=60, soft_time_limit=45, max_retries=5)
def update_slack_message(self, message_id):
    """Say in the message what its button did; Slack down is tried again with back-off."""
    try:
        return delivery.update_message(message_id)
    except SlackError as error:
        if not error.retryable:
            return f"not updated: {error.error}"
        raise self.retry(countdown=error.retry_after or 2**self.request.retries * 5) from None


@shared_task
def dispatch_due_slack_messages():
    """Every sweep interval (beat): messages whose working day came, retries, lost tasks."""
    return delivery.dispatch_due()
