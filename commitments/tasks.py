"""Celery tasks: a few lines each, ids in, one domain function, safe to run twice.
Emails are sent by `outbox.tasks`; these only write them."""

from celery import shared_task

from . import absences, delivery, handover, sweep


@shared_task
def sweep_commitments():
    """Every sweep interval (beat). Claims its rows; a second sweep takes other rows."""
    result = sweep.sweep()
    return {"commitments": result.commitments, "reminders": result.reminders}


@shared_task
def send_daily_digests():
    """Every quarter hour (beat): the digests whose owners' working day has just begun."""
    for user_id in delivery.digests_due():
        send_digest.delay(user_id)


@shared_task
def send_digest(user_id):
    """Writes the person's digest into the outbox; locks make a second run a no-op."""
    email = delivery.queue_digest(user_id=user_id)
    return email.pk if email else None


@shared_task
def hand_over_commitments():
    """Every minute (beat): what a replaced team member owed moves to their successor."""
    return handover.hand_over_commitments()


@shared_task
def follow_absences():
    """Every minute (beat): absences whose first day came begin, those past their last end."""
    began, ended = absences.follow_absences()
    return {"began": began, "ended": ended}
