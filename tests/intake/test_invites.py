from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from hiring.models import Activity
from intake.invites import build_intake_ics
from intake.sessions import mark_intake_held, schedule_intake
from outbox.models import OutboundEmail
from tests.mailbox import send_queued_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def starts_at():
    return (timezone.now() + timedelta(days=3)).replace(microsecond=0)


def schedule(requisition, by, starts_at, attendees):
    return schedule_intake(
        requisition=requisition,
        scheduled_by=by,
        starts_at=starts_at,
        duration_minutes=45,
        channel="video",
        where="https://meet.example.com/x",
        attendees=attendees,
    )


def test_scheduling_mails_each_attendee_an_invite_after_commit(
    requisition,
    recruiter,
    hiring_manager,
    hr_generalist,
    starts_at,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session = schedule(
            requisition, recruiter, starts_at, [recruiter, hiring_manager, hr_generalist]
        )
    assert len(mail.outbox) == 0  # nothing leaves before the transaction commits
    assert len(callbacks) == 3  # one send task per invite, enqueued on commit
    assert send_queued_emails() == 3  # what the worker runs
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (recruiter, hiring_manager, hr_generalist)
    )
    message = mail.outbox[0]
    assert "Intake for" in message.subject
    assert message.alternatives[0].mimetype == "text/html"
    name, content, mimetype = message.attachments[0]
    assert name == "intake.ics"
    assert mimetype.startswith("text/calendar")
    assert b"BEGIN:VEVENT" in (content if isinstance(content, bytes) else content.encode())
    assert Activity.objects.filter(kind="intake_scheduled").exists()
    assert OutboundEmail.objects.filter(key__startswith=f"intake:{session.pk}:").count() == 3


def test_the_ics_holds_the_meeting(requisition, recruiter, hiring_manager, starts_at):
    session = schedule(requisition, recruiter, starts_at, [recruiter, hiring_manager])
    event = Calendar.from_ical(build_intake_ics(session)).walk("VEVENT")[0]
    assert event["summary"] == f"Intake: {requisition.title}"
    assert event.decoded("dtstart") == starts_at
    assert event.decoded("dtend") == starts_at + timedelta(minutes=45)
    assert str(event["uid"]) == f"intake-{session.pk}@accord"
    attendees = event["attendee"]
    assert {str(a) for a in attendees} == {
        f"mailto:{recruiter.email}",
        f"mailto:{hiring_manager.email}",
    }
    assert str(event["organizer"]) == f"mailto:{recruiter.email}"
    assert "/agreement/" in str(event["description"])


def test_rescheduling_keeps_the_uid_and_bumps_the_sequence(requisition, recruiter, starts_at):
    first = schedule(requisition, recruiter, starts_at, [recruiter])
    again = schedule(requisition, recruiter, starts_at + timedelta(hours=1), [recruiter])
    assert again.pk == first.pk
    event = Calendar.from_ical(build_intake_ics(again)).walk("VEVENT")[0]
    assert event["sequence"] == 1


def test_attendees_must_be_on_the_team_and_interviewers_cannot_schedule(
    requisition, recruiter, outsider, interviewer, starts_at
):
    with pytest.raises(ValidationError):
        schedule(requisition, recruiter, starts_at, [outsider])
    with pytest.raises(PermissionDenied):
        schedule(requisition, interviewer, starts_at, [recruiter])


def test_marking_held_happens_once(requisition, recruiter, starts_at):
    schedule(requisition, recruiter, starts_at, [recruiter])
    with time_machine.travel(starts_at + timedelta(minutes=5)):
        session = mark_intake_held(requisition=requisition, marked_by=recruiter)
    assert session.is_held
    with pytest.raises(ValidationError, match="already"):
        mark_intake_held(requisition=requisition, marked_by=recruiter)


def test_an_intake_cannot_be_marked_held_before_it_starts(requisition, recruiter, starts_at):
    schedule(requisition, recruiter, starts_at, [recruiter])
    with pytest.raises(ValidationError, match="can be marked held from then on"):
        mark_intake_held(requisition=requisition, marked_by=recruiter)
    assert not requisition.intake_session.is_held
