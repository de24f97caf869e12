from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.checkins.agreements import activate_agreement

LONDON = ZoneInfo("Europe/London")
# Wednesday 10 March 2027, 09:00 in London: weeks before the clocks go forward (28 March)
# and Easter Monday (29 March).
SPRING = datetime(2027, 3, 10, 9, tzinfo=LONDON)


@pytest.fixture
def spring():
    with time_machine.travel(SPRING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def activate(requisition, recruiter, hiring_manager, hr_generalist):
    def do(**plan):
        return activate_agreement(
            requisition,
            recruiter=recruiter,
            hiring_manager=hiring_manager,
            hr_generalist=hr_generalist,
            **plan,
        )

    return do
