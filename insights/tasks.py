"""Celery tasks: ids in, one domain function, safe to run twice."""

from celery import shared_task

from . import weekly_summary


@shared_task
def send_weekly_summaries():
    """Every quarter hour (beat): the HR leads whose Monday working day has begun."""
    for user_id in weekly_summary.weekly_summaries_due():
        send_weekly_summary.delay(user_id)


@shared_task
def send_weekly_summary(user_id):
    """Writes one lead's summary of last week into the outbox (once per week: its key)."""
    email = weekly_summary.queue_weekly_summary(user_id=user_id)
    return email.pk if email else None
