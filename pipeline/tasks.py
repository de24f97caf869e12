"""Celery tasks: a few lines each, ids in, one domain function, safe to run twice."""

from celery import shared_task

from . import stage_limits


@shared_task
def open_stage_limit_commitments():
    """Every minute (beat): candidates past their agreed stage limit (issue 21)."""
    return len(stage_limits.open_stage_limit_commitments())
