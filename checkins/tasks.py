from celery import shared_task

from . import status_updates


@shared_task
def request_status_updates():
    """Hourly (beat); one request per search and day whatever the number of runs."""
    return status_updates.request_status_updates()


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def email_status_update(status_update_id):
    return status_updates.email_status_update(status_update_id)
