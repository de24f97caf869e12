"""Celery tasks: a few lines each, safe to run twice."""

from celery import shared_task

from . import retention


@shared_task
def erase_expired_candidates():
    """Daily (beat); each run is bounded in time, and while candidates are still due and it
    made progress, the next run follows at once. Erasure is idempotent per candidate."""
    run = retention.erase_expired()
    if run.erased and run.still_due:
        erase_expired_candidates.delay()
    return run.as_dict()
