from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail

from commitments import delivery
from commitments.models import Reminder
from commitments.sweep import sweep
from tests.clock import london

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(review_commitment, traveller):
    traveller.to(london(26, 10))
    sweep()
    return Reminder.objects.get(recipient=review_commitment.owner)


def test_an_email_is_sent_once_with_a_stable_message_id(escalation, review_commitment):
    assert delivery.send_reminder_email(escalation.pk) == "sent"
    assert delivery.send_reminder_email(escalation.pk) == "not claimed"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [review_commitment.owner.email]
    assert message.subject == f"Overdue: Review Jane Doe · {review_commitment.requisition.title}"
    assert message.extra_headers["Message-ID"] == escalation.message_id
    assert f"http://127.0.0.1:8000/requisitions/{review_commitment.requisition_id}/" in message.body
    html = message.alternatives[0].content
    assert "Open it in Accord" in html
    escalation.refresh_from_db()
    assert (escalation.email_state, escalation.email_attempts) == ("sent", 1)


def test_a_failed_send_is_recorded_and_retried_until_the_cap(escalation):
    with mock.patch.object(
        delivery.EmailMultiAlternatives, "send", side_effect=OSError("mail server down")
    ):
        for _ in range(delivery.MAX_ATTEMPTS):
            assert delivery.send_reminder_email(escalation.pk) == "failed"
        assert delivery.send_reminder_email(escalation.pk) == "not claimed"
    escalation.refresh_from_db()
    assert escalation.email_state == "failed"
    assert escalation.email_attempts == delivery.MAX_ATTEMPTS
    assert "mail server down" in escalation.email_error


def test_a_claim_held_by_a_dead_worker_is_taken_over_after_the_timeout(escalation, traveller):
    assert delivery.claim_reminder_email(escalation.pk)  # a worker claims, then dies
    assert delivery.send_reminder_email(escalation.pk) == "not claimed"
    traveller.to(london(26, 10) + delivery.CLAIM_TIMEOUT + timedelta(seconds=1))
    assert delivery.send_reminder_email(escalation.pk) == "sent"
    assert len(mail.outbox) == 1


def test_lost_messages_are_requeued(escalation, traveller, django_capture_on_commit_callbacks):
    traveller.to(london(26, 10, 2))
    assert delivery.requeue_stale_emails() == 0  # still fresh
    traveller.to(london(26, 10, 4))
    with django_capture_on_commit_callbacks() as callbacks:
        assert delivery.requeue_stale_emails() == 3
    assert len(callbacks) == 1  # one send task for the three, enqueued on commit
    assert delivery.requeue_stale_emails() == 0  # re-stamped: not requeued again at once
    for reminder in Reminder.objects.all():
        delivery.send_reminder_email(reminder.pk)
    assert len(mail.outbox) == 3


def test_the_digest_gathers_a_persons_reminders_in_one_email(
    review_commitment, traveller, hiring_manager
):
    hiring_manager.reminder_email = "digest"
    hiring_manager.save()
    traveller.to(london(24, 14))
    sweep()
    traveller.to(london(25, 10))
    sweep()
    assert delivery.users_with_digest_waiting() == [hiring_manager.pk]
    assert delivery.send_digest(hiring_manager.pk) == 2
    assert delivery.send_digest(hiring_manager.pk) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Accord: 2 reminders on your searches"
    assert "Review Jane Doe" in mail.outbox[0].body


def test_people_without_an_email_address_still_get_the_in_app_notification(
    review_commitment, traveller, hiring_manager
):
    hiring_manager.email = ""
    hiring_manager.save()
    traveller.to(london(24, 14))
    sweep()
    reminder = Reminder.objects.get()
    assert reminder.email_state == "none"
    assert reminder.notification.text
