from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import make_commitment

LONDON = ZoneInfo("Europe/London")
# Monday 23 Nov 2026, 10:00 in London. Two business days later is Wednesday 10:00.
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=LONDON)


def london(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def traveller():
    """Move the clock by hand: traveller.to(datetime)."""
    with time_machine.travel(MONDAY_10, tick=False) as machine:

        class Traveller:
            def to(self, moment):
                machine.move_to(moment)

        yield Traveller()


@pytest.fixture
def review_commitment(traveller, requisition, hiring_manager):
    """The hiring manager owes a candidate review: 2 business days from Monday 10:00."""
    return make_commitment(requisition, hiring_manager)
