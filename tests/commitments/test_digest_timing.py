"""A digest goes at the start of its reader's own working day, once a day."""

from datetime import datetime

import pytest
import time_machine

from commitments.delivery import digests_due, queue_digest
from commitments.notices import notify_event
from tests.clock import LONDON

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def reader(hiring_manager):
    hiring_manager.reminder_email = "digest"
    hiring_manager.time_zone = "America/New_York"
    hiring_manager.save()
    return hiring_manager


def tell(requisition, key):
    notify_event(event="requisition.on_hold", requisition=requisition, text=key, url="/", key=key)


def test_the_digest_waits_for_the_readers_morning_then_goes_once(requisition, reader):
    with time_machine.travel(at(24, 2), tick=False):
        tell(requisition, "one")
    # 09:00 in London is 04:00 in New York: not yet.
    assert reader.pk not in digests_due(now=at(24, 9))
    # 14:00 in London is 09:00 in New York: the day has begun.
    assert reader.pk in digests_due(now=at(24, 14))
    with time_machine.travel(at(24, 14), tick=False):
        email = queue_digest(user_id=reader.pk)
    assert email is not None and "one" in email.text
    # Later the same day something new waits: it goes in tomorrow's digest, not a second one.
    with time_machine.travel(at(24, 16), tick=False):
        tell(requisition, "two")
    assert reader.pk not in digests_due(now=at(24, 16))
    assert reader.pk in digests_due(now=at(25, 14))


def test_nobody_gets_a_digest_at_the_weekend(requisition, reader):
    with time_machine.travel(at(27, 23), tick=False):
        tell(requisition, "friday night")
    assert reader.pk not in digests_due(now=at(28, 15))  # Saturday
    assert reader.pk in digests_due(now=at(30, 14))  # Monday 09:00 in New York
