import pytest
import time_machine

from tests.clock import MONDAY_10
from tests.factories import make_commitment


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
