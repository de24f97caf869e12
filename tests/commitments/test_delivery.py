"""Reminder emails and the digest, written into the outbox by the sweep and the digest."""

import pytest
from django.core import mail

from commitments import delivery
from commitments.models import Notification, Reminder
from commitments.sweep import sweep
from outbox import delivery as outbox_delivery
from outbox.models import OutboundEmail
from tests.clock import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(review_commitment, traveller):
    traveller.to(london(26, 10))
    sweep()
    return Reminder.objects.get(recipient=review_commitment.owner)


def test_a_reminder_gets_its_email_in_the_sweeps_transaction(
    review_commitment, traveller, django_capture_on_commit_callbacks
):
    traveller.to(london(26, 10))
    with django_capture_on_commit_callbacks() as callbacks:
        sweep()
    reminders = Reminder.objects.select_related("email")
    assert reminders.count() == OutboundEmail.objects.count() == 3
    assert len(callbacks) == 1  # one on-commit hook enqueueing one task per email
    assert {r.email.to[0] for r in reminders} == {r.recipient.email for r in reminders}
    assert {r.email_state for r in reminders} == {"outbox"}


def test_an_email_is_sent_once_with_a_stable_message_id(escalation, review_commitment):
    email = escalation.email
    assert outbox_delivery.send_email(email.pk) == "sent"
    assert outbox_delivery.send_email(email.pk) == "not claimed"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [review_commitment.owner.email]
    assert message.subject == f"Overdue: Review Jane Doe · {review_commitment.requisition.title}"
    assert message.extra_headers["Message-ID"] == email.message_id
    assert f"http://127.0.0.1:8000/requisitions/{review_commitment.requisition_id}/" in message.body
    assert "Open the review" in message.alternatives[0].content  # its buttons (issue 18)
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 1)


def test_the_digest_gathers_a_persons_reminders_and_notices_in_one_email(
    review_commitment, traveller, hiring_manager
):
    hiring_manager.reminder_email = "digest"
    hiring_manager.save()
    traveller.to(london(24, 14))
    sweep()
    traveller.to(london(25, 10))
    sweep()
    Notification.objects.create(
        recipient=hiring_manager, text="The agreement is in force.", url="/", awaiting_digest=True
    )
    assert not OutboundEmail.objects.exists()
    assert delivery.users_with_digest_waiting() == [hiring_manager.pk]
    email = delivery.queue_digest(user_id=hiring_manager.pk)
    assert delivery.queue_digest(user_id=hiring_manager.pk) is None
    assert delivery.users_with_digest_waiting() == []
    assert email.subject == "Accord: 2 reminders and 1 update on your searches"
    assert set(Reminder.objects.values_list("email", flat=True)) == {email.pk}
    assert "Review Jane Doe" in email.text
    assert "The agreement is in force." in email.text
    assert outbox_delivery.send_email(email.pk) == "sent"
    assert len(mail.outbox) == 1


def test_people_without_an_email_address_still_get_the_in_app_notification(
    review_commitment, traveller, hiring_manager
):
    hiring_manager.email = ""
    hiring_manager.save()
    traveller.to(london(24, 14))
    sweep()
    reminder = Reminder.objects.get()
    assert (reminder.email_state, reminder.email) == ("none", None)
    assert reminder.notification.text
    assert not OutboundEmail.objects.exists()
