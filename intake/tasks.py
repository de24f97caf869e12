"""Celery tasks: a few lines each, ids in, one domain function, safe to run twice."""

from celery import shared_task

from . import consequences


@shared_task
def apply_consequences():
    """Every minute (beat): deadlines still missed after the last escalation (issue 21)."""
    return len(consequences.apply_consequences())
