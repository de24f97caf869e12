"""The check-in tasks on a real Celery worker and Redis: the daily roll-forward and the
record sweep, each run twice as two beats would, each doing its work once."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker

from checkins.models import CheckIn
from checkins.tasks import open_checkin_records, roll_checkins_forward
from commitments.models import Commitment
from config.celery import app
from tests.checkins.agreements import activate_agreement
from tests.services import require_postgres, require_redis

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
LONDON = ZoneInfo("Europe/London")


def wait_for(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_roll_forward_and_the_record_sweep_through_a_worker_act_once(
    requisition, recruiter, hiring_manager, hr_generalist
):
    require_redis()
    require_postgres()
    with time_machine.travel(datetime(2027, 3, 10, 9, tzinfo=LONDON), tick=False):
        activate_agreement(
            requisition,
            recruiter=recruiter,
            hiring_manager=hiring_manager,
            hr_generalist=hr_generalist,
        )
    app.control.purge()
    with (
        time_machine.travel(datetime(2027, 3, 24, 11, tzinfo=LONDON), tick=True),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        checkins = CheckIn.objects.filter(requisition=requisition)
        roll_checkins_forward.delay()
        roll_checkins_forward.delay()  # a second beat's tick
        assert wait_for(lambda: checkins.count() == 10)
        open_checkin_records.delay()
        open_checkin_records.delay()
        owed = Commitment.objects.filter(kind="record_checkin")
        assert wait_for(lambda: owed.count() == 2)  # 15 and 22 March
        time.sleep(1.5)  # the second ticks are done and changed nothing
    assert CheckIn.objects.filter(requisition=requisition).count() == 10
    assert Commitment.objects.filter(kind="record_checkin").count() == 2
