"""Celery tasks of the webhooks: ids in, one domain function, safe to run twice."""

import random

from celery import shared_task
from django.db import InterfaceError, OperationalError, close_old_connections

from . import sending


@shared_task(bind=True, time_limit=60, soft_time_limit=45, max_retries=12)
def deliver(self, delivery_id):
    """Claimed before it is posted, so a duplicated message posts once. The database away
    is retried with back-off; after that the dispatcher finds the row again."""
    try:
        return sending.deliver(delivery_id)
    except (OperationalError, InterfaceError) as error:
        close_old_connections()
        wait = min(2**self.request.retries, 30)
        raise self.retry(exc=error, countdown=wait / 2 + random.uniform(0, wait / 2)) from None


@shared_task
def prune_deliveries():
    """Daily (beat): finished deliveries past the keeping time leave the log."""
    return sending.prune_deliveries()


@shared_task
def dispatch_due_deliveries():
    """Every sweep interval (beat): retries whose time has come, messages the broker lost."""
    return sending.dispatch_due_deliveries()
