"""The feedback sweep on real services: PostgreSQL, Redis and a real Celery worker, with two
beats' ticks at the same moment."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker

from commitments.models import Commitment
from config.celery import app
from interviews.models import Interview
from interviews.tasks import open_feedback_commitments
from tests.services import require_postgres, require_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_two_ticks_through_a_worker_open_each_interviewers_feedback_once(interview):
    require_redis()
    require_postgres()
    from django.utils import timezone

    now = timezone.now()
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
    )
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        open_feedback_commitments.delay()
        open_feedback_commitments.delay()  # a second beat's tick at the same moment
        assert wait_for(
            lambda: Interview.objects.filter(
                pk=interview.pk, feedback_opened_at__isnull=False
            ).exists()
        )
        time.sleep(1)
    assert Commitment.objects.filter(kind="interview_feedback").count() == 2
