from celery import shared_task

from . import invites


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def email_intake_invites(session_id, sequence):
    """Enqueued on commit by schedule_intake; see invites.send_intake_invites."""
    return invites.send_intake_invites(session_id, sequence)
