"""Celery tasks: a few lines each, ids in, one domain function, safe to run twice."""

from celery import shared_task

from . import delivery, handover, sweep


@shared_task
def sweep_commitments():
    """Every minute (beat). Claims its rows; a second beat's sweep takes other rows."""
    result = sweep.sweep()
    return {"commitments": result.commitments, "reminders": result.reminders}


@shared_task
def send_reminder_emails(reminder_ids):
    """Each email is claimed before it is sent, so a redelivered message sends nothing new."""
    return [delivery.send_reminder_email(pk) for pk in reminder_ids]


@shared_task
def requeue_stale_emails():
    return delivery.requeue_stale_emails()


@shared_task
def send_daily_digests():
    for user_id in delivery.users_with_digest_waiting():
        send_digest.delay(user_id)


@shared_task
def send_digest(user_id):
    return delivery.send_digest(user_id)


@shared_task
def hand_over_commitments():
    """Every minute (beat): what a replaced team member owed moves to their successor."""
    return handover.hand_over_commitments()
