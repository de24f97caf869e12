import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import Commitment
from hiring.models import Activity
from intake.declines import decline_search
from intake.models import Agreement, SearchDecline

pytestmark = pytest.mark.django_db


def test_the_recruiter_declines_with_a_reason_and_the_search_is_cancelled(
    sent, requisition, recruiter
):
    decline = decline_search(requisition=requisition, declined_by=recruiter, reason="Band too low")
    requisition.refresh_from_db()
    assert requisition.state == "cancelled"
    assert decline.reason == "Band too low"
    assert Activity.objects.filter(
        kind="search_declined", summary__contains="Band too low"
    ).exists()
    sent.refresh_from_db()
    assert sent.state == Agreement.State.WITHDRAWN
    assert not Commitment.objects.open().exists()


def test_a_decline_needs_a_reason_and_the_recruiter(requisition, recruiter, hiring_manager):
    with pytest.raises(ValidationError):
        decline_search(requisition=requisition, declined_by=recruiter, reason="  ")
    with pytest.raises(PermissionDenied):
        decline_search(requisition=requisition, declined_by=hiring_manager, reason="No")
    assert not SearchDecline.objects.exists()
    requisition.refresh_from_db()
    assert requisition.state == "open"
