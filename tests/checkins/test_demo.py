import pytest
from django.core.management import call_command

from checkins.models import ActionItem, CheckIn, PulseAnswer
from commitments.models import Commitment
from hiring.models import Requisition

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_has_a_schedule_past_records_pulses_and_a_record_owed():
    call_command("seed_demo")
    backend = Requisition.objects.get(title="Senior Backend Engineer")
    checkins = CheckIn.objects.filter(requisition=backend)
    assert checkins.filter(state=CheckIn.State.HELD).count() == 4
    assert checkins.filter(state=CheckIn.State.SCHEDULED, starts_at__gt=backend.created_at).count()
    assert PulseAnswer.objects.filter(requisition=backend).count() == 12
    assert ActionItem.objects.filter(requisition=backend, done_at=None).count() == 1
    assert Commitment.objects.open().filter(requisition=backend, kind="record_checkin").exists()
