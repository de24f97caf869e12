"""Issue 18: "for an action item mark done" — from the reminder's button."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from checkins.models import ActionItem
from checkins.records import ActionItemDraft, record_checkin
from commitments.actions import action_url, buttons
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def item_commitment(requisition, spring, activate, recruiter, hiring_manager):
    activate()
    spring.move_to(datetime(2027, 3, 15, 11, 0, tzinfo=LONDON))
    checkin = requisition.checkins.order_by("starts_at").first()
    record_checkin(
        checkin=checkin,
        recorded_by=recruiter,
        held=True,
        action_items=[ActionItemDraft("Free two slots", hiring_manager, date(2027, 3, 18))],
    )
    return Commitment.objects.get(kind=CommitmentKind.ACTION_ITEM)


def test_an_action_item_reminder_carries_mark_done_and_it_works_from_the_email(
    client, item_commitment, hiring_manager
):
    labels = [b["label"] for b in buttons(commitment=item_commitment, person=hiring_manager)]
    assert labels[0] == "Mark done"
    url = action_url(person=hiring_manager, commitment=item_commitment, action="mark_done")
    token = url.split("?t=")[1]
    assert b"Free two slots" in client.get(url).content
    refused = client.post(reverse("commitments:email-action"), {"t": token, "note": ""})
    assert refused.status_code == 422
    client.post(reverse("commitments:email-action"), {"t": token, "note": "Booked Thursday"})
    assert ActionItem.objects.get().done_note == "Booked Thursday"
    assert Commitment.objects.get(pk=item_commitment.pk).state == "met"
