from celery import shared_task

from . import agenda_mail, records, schedule, status_requests


@shared_task
def request_status_updates():
    """Hourly (beat); one request per search and day whatever the number of runs."""
    return status_requests.request_status_updates()


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def email_status_update(status_update_id):
    return status_requests.email_status_update(status_update_id)


@shared_task
def roll_checkins_forward():
    """Daily (beat): occurrences 8 weeks ahead; a second run makes nothing more."""
    return schedule.roll_forward()


@shared_task
def open_checkin_records():
    """Every few minutes (beat): "record the check-in" once each occurrence has passed."""
    return records.open_due_records()


@shared_task
def send_checkin_agendas():
    """Every quarter of an hour (beat): the agenda, the morning of each check-in (issue 21)."""
    return agenda_mail.send_checkin_agendas()
