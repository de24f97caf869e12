"""Issue 25, finding 7: the pulse prompt stayed new after answering. A notice is read once
its subject is acted on."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from checkins.records import answer_pulse, record_checkin
from commitments.models import Notification

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AFTER_FIRST = datetime(2027, 3, 15, 11, 0, tzinfo=LONDON)  # the first check-in was 10:00


def test_finding_7_answering_the_pulse_reads_its_prompt(
    requisition, spring, activate, recruiter, hiring_manager
):
    activate()
    spring.move_to(AFTER_FIRST)
    checkin = requisition.checkins.order_by("starts_at").first()
    record_checkin(checkin=checkin, recorded_by=recruiter, held=True, progress="ok")
    checkin.refresh_from_db()
    prompt = Notification.objects.get(recipient=hiring_manager, key=f"checkin-{checkin.pk}-pulse")
    assert prompt.read_at is None
    answer_pulse(checkin=checkin, person=hiring_manager, score=4)
    prompt.refresh_from_db()
    assert prompt.read_at is not None
