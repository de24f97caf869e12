"""Celery tasks of the outbox: ids in, one domain function, safe to run twice."""

import random

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections

from . import delivery

SEND_LIMIT = settings.ACCORD_EMAIL_SEND_TIME_LIMIT_SECONDS
# A send whose claim fails because the database is away is tried again after 1, 2, 4 … 30 s
# (with jitter), for about five minutes; after that the dispatcher finds it in the database.
CLAIM_RETRIES = 12
SEND_OPTIONS = {
    "bind": True,
    "time_limit": SEND_LIMIT,
    "soft_time_limit": max(SEND_LIMIT - 15, SEND_LIMIT * 3 // 4),
    "max_retries": CLAIM_RETRIES,
}


def _retry_when_the_database_is_away(task, error):
    close_old_connections()
    wait = min(2**task.request.retries, 30)
    return task.retry(exc=error, countdown=wait / 2 + random.uniform(0, wait / 2))


@shared_task(**SEND_OPTIONS)
def send_email(self, email_id):
    """Claimed before it is sent, so a redelivered or duplicated message sends nothing.
    The database away (restart, failover) is retried with back-off, never dropped.
    (Emails are enqueued in chunks through `send_emails`; this one stays for messages
    already on a broker and for callers that send one.)"""
    try:
        return delivery.send_email(email_id)
    except (OperationalError, InterfaceError) as error:
        raise _retry_when_the_database_is_away(self, error) from None


@shared_task(**SEND_OPTIONS)
def send_emails(self, email_ids):
    """Sends a chunk one by one, each claimed before it is sent (as `send_email`), and gives
    the worker back after a slice of time, enqueueing what is left. The database away is
    retried like `send_email`: the chunk again, whose sent emails are no longer claimable."""
    try:
        return delivery.send_emails(email_ids)
    except (OperationalError, InterfaceError) as error:
        raise _retry_when_the_database_is_away(self, error) from None


@shared_task
def dispatch_due_emails():
    """Every sweep interval (beat): retries whose time has come, messages lost by the broker."""
    return delivery.dispatch_due_emails()
