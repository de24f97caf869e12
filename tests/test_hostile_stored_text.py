"""Finding 3: a CR/LF (or any control character) already stored in a requisition title —
written before the forms refused it, or through the admin — no longer stops the emails of
that search: the intake invites and the reminders still go out, with one-line headers and
no injected header."""

import email
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from commitments.models import Reminder
from commitments.sweep import sweep
from hiring.models import Requisition
from intake.sessions import schedule_intake
from tests.clock import MONDAY_10, london
from tests.factories import make_commitment
from tests.mailbox import send_queued_emails

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Backend\r\nBcc: everyone@evil.example\r\n\r\nEngineer\x0b\x1b[31m"


@pytest.fixture
def hostile(requisition):
    # Straight into the table: the forms no longer let this through.
    Requisition.objects.filter(pk=requisition.pk).update(title=HOSTILE_TITLE)
    requisition.refresh_from_db()
    return requisition


def assert_safe(message):
    """The stored text stays inside the Subject: no header of its own, one line."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    names = {name.lower() for name in parsed}  # header names
    assert not names & {"bcc", "x-injected"}
    assert "evil.example" not in " ".join(parsed.get_all("To") + parsed.get_all("Cc", []))
    assert not any(c in message.subject for c in "\r\n\x0b\x1b")
    assert "Backend" in message.subject and "Engineer" in message.subject
    assert message.bcc == []


def test_a_crlf_requisition_title_still_lets_the_intake_invites_go_out(
    hostile, recruiter, hiring_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        schedule_intake(
            requisition=hostile,
            scheduled_by=recruiter,
            starts_at=(timezone.now() + timedelta(days=3)).replace(microsecond=0),
            duration_minutes=60,
            channel="video",
            where="Room 1\r\nX-Injected: yes",
            attendees=[recruiter, hiring_manager],
        )
    assert send_queued_emails() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([recruiter.email, hiring_manager.email])
    for message in mail.outbox:
        assert_safe(message)


def test_a_crlf_requisition_title_still_lets_the_reminders_go_out(hostile, hiring_manager):
    with time_machine.travel(MONDAY_10, tick=False) as clock:
        make_commitment(hostile, hiring_manager, title="Review\r\nJane Doe")
        clock.move_to(london(26, 10))  # a day late: reminder and escalation
        sweep()
        reminders = Reminder.objects.filter(email__isnull=False)
        assert reminders.exists()
        assert send_queued_emails() == reminders.count()
    assert len(mail.outbox) == reminders.count()
    for message in mail.outbox:
        assert_safe(message)
