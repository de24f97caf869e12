"""Celery tasks: a few lines each, ids in, one domain function, safe to run twice."""

from celery import shared_task

from . import feedback


@shared_task
def open_feedback_commitments():
    """Every minute (beat). Claims ended interviews; a second beat's sweep takes none twice."""
    return feedback.open_feedback_commitments()
