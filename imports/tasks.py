"""Celery tasks: a few lines each, taking ids, safe to run twice (imports.running)."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import running
from .models import ImportRun


@shared_task
def check_rows(run_id: int):
    """The preview: the next chunk of rows, then itself again until none is left."""
    if running.check_some(run_id):
        transaction.on_commit(lambda: check_rows.delay(run_id))


@shared_task
def import_rows(run_id: int):
    """The confirmed import: the next chunk of rows, then itself again."""
    if running.import_some(run_id):
        transaction.on_commit(lambda: import_rows.delay(run_id))


@shared_task
def continue_imports():
    """Beat: a run whose chain of tasks was lost goes on (a chunk taken twice waits: the
    run's row is locked, SKIP LOCKED)."""
    for pk, state in ImportRun.objects.filter(
        state__in=[ImportRun.State.CHECKING, ImportRun.State.IMPORTING]
    ).values_list("pk", "state"):
        (check_rows if state == ImportRun.State.CHECKING else import_rows).delay(pk)


@shared_task
def forget_old_imports():
    """Daily: runs older than ACCORD_IMPORT_KEEP_DAYS go, with the cells they kept."""
    cutoff = timezone.now() - timedelta(days=running.keep_days())
    ImportRun.objects.filter(created_at__lt=cutoff).exclude(
        state__in=[ImportRun.State.CHECKING, ImportRun.State.IMPORTING]
    ).delete()
