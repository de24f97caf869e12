"""Celery tasks: a few lines each, safe to run twice."""

from celery import shared_task

from . import retention


@shared_task
def erase_expired_candidates():
    """Daily (beat). Erasure is idempotent per candidate."""
    return retention.erase_expired()
