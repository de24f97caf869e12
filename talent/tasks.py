"""Celery tasks: a few lines each, taking ids, safe to run twice."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import indexing, reading, similar


@shared_task
def refresh_document(candidate_id):
    """Rebuild one candidate's pool document (idempotent: whatever the rows say now)."""
    indexing.refresh_document(candidate_id=candidate_id)


# The soft limit stops a file whose parsing never ends (extraction checks its own deadline
# between pages); the hard one ends the child process if even that does not return.
@shared_task(soft_time_limit=30, time_limit=40)
def read_resume(resume_id):
    """Read a résumé's text, then rebuild its candidate's document. Idempotent."""
    try:
        candidate_id = reading.read_resume(resume_id=resume_id)
    except SoftTimeLimitExceeded:
        candidate_id = reading.give_up(resume_id=resume_id)
    if candidate_id is not None:
        refresh_document.delay(candidate_id)


@shared_task
def refresh_term_stats():
    """Hourly (beat): how many documents hold each word, for "find similar"."""
    return similar.refresh_term_stats()
