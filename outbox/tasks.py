"""Celery tasks of the outbox: ids in, one domain function, safe to run twice."""

from celery import shared_task
from django.conf import settings

from . import delivery

SEND_LIMIT = settings.ACCORD_EMAIL_SEND_TIME_LIMIT_SECONDS


@shared_task(time_limit=SEND_LIMIT, soft_time_limit=max(SEND_LIMIT - 15, SEND_LIMIT * 3 // 4))
def send_email(email_id):
    """Claimed before it is sent, so a redelivered or duplicated message sends nothing.
    (Emails are enqueued in chunks through `send_emails`; this one stays for messages
    already on a broker and for callers that send one.)"""
    return delivery.send_email(email_id)


@shared_task(time_limit=SEND_LIMIT, soft_time_limit=max(SEND_LIMIT - 15, SEND_LIMIT * 3 // 4))
def send_emails(email_ids):
    """Sends a chunk one by one, each claimed before it is sent (as `send_email`); gives the
    worker back after a slice of time and enqueues what is left."""
    return delivery.send_emails(email_ids)


@shared_task
def dispatch_due_emails():
    """Every sweep interval (beat): retries whose time has come, messages lost by the broker."""
    return delivery.dispatch_due_emails()
