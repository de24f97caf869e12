import pytest

from tests.factories import make_commitment


@pytest.fixture
def review_commitment(traveller, requisition, hiring_manager):
    """The hiring manager owes a candidate review: 2 business days from Monday 10:00."""
    return make_commitment(requisition, hiring_manager)
