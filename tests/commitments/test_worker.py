"""The whole path on real services: PostgreSQL, Redis and a real Celery worker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from commitments.models import Notification, Reminder
from commitments.tasks import sweep_commitments
from config.celery import app
from outbox.models import OutboundEmail
from outbox.tasks import dispatch_due_emails
from tests.clock import london
from tests.services import require_postgres, require_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_an_overdue_commitment_reaches_the_right_people_once_through_a_worker(
    review_commitment, traveller, recruiter, hr_generalist, hiring_manager
):
    require_redis()
    require_postgres()
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        traveller.to(london(24, 14))  # the nudge
        sweep_commitments.delay()
        assert wait_for(lambda: len(mail.outbox) == 1)
        traveller.to(london(26, 10))  # the escalation
        sweep_commitments.delay()
        sweep_commitments.delay()  # a second beat's tick at the same moment
        assert wait_for(lambda: len(mail.outbox) == 4)
        dispatch_due_emails.delay()
        time.sleep(1)
    assert len(mail.outbox) == 4
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [hiring_manager.email, hiring_manager.email, recruiter.email, hr_generalist.email]
    )
    assert mail.outbox[0].subject.startswith("Coming up: Review Jane Doe")
    assert Notification.objects.count() == 4
    assert Reminder.objects.count() == 4
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}
