"""Issue 7, intake integrity: a declined search calls its intake off in everyone's calendar;
attendees and signers follow a hand-over; odd meeting times are pointed out."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from commitments.models import Commitment, Notification
from hiring.team import assign_hiring_team
from intake.declines import decline_search
from intake.models import Signature
from intake.sessions import schedule_intake, scheduling_warnings
from intake.signatures import sign_agreement
from tests.calendars import parse_both
from tests.clock import LONDON
from tests.factories import UserFactory
from tests.mailbox import send_queued_emails

pytestmark = pytest.mark.django_db


def schedule(requisition, by, attendees, starts_at=None):
    return schedule_intake(
        requisition=requisition,
        scheduled_by=by,
        starts_at=starts_at or (timezone.now() + timedelta(days=3)).replace(microsecond=0),
        duration_minutes=60,
        channel="video",
        where="",
        attendees=attendees,
    )


def replace_recruiter(requisition, hr_generalist, hiring_manager, interviewer, new_recruiter):
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=new_recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=hiring_manager,
        interviewers=[interviewer],
    )


def test_declining_cancels_the_intake_in_every_calendar_and_tells_hr_and_the_manager(
    requisition, recruiter, hr_generalist, hiring_manager
):
    session = schedule(requisition, recruiter, [recruiter, hr_generalist, hiring_manager])
    send_queued_emails()
    mail.outbox.clear()
    decline_search(requisition=requisition, declined_by=recruiter, reason="Budget too low")
    session.refresh_from_db()
    assert session.is_cancelled and session.sequence == 1
    send_queued_emails()
    cancellations = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in cancellations) == sorted(
        p.email for p in (recruiter, hr_generalist, hiring_manager)
    )
    for message in cancellations:
        [(_name, content, mimetype)] = message.attachments
        assert "method=CANCEL" in mimetype.replace(" ", "")
        [event] = parse_both(content).events
        assert str(event["status"]) == "CANCELLED"
        assert int(event["sequence"]) == 1
    for person in (hr_generalist, hiring_manager):
        texts = list(Notification.objects.filter(recipient=person).values_list("text", flat=True))
        assert any("declined the search" in t for t in texts)
        assert any("intake" in t and "cancelled" in t for t in texts)
        # Told once that the search is over, not "declined" and then again "cancelled".
        assert Notification.objects.filter(recipient=person, key__endswith=":closed").count() == 1


def test_a_new_recruiter_takes_the_old_ones_seat_at_the_intake(
    requisition, recruiter, hr_generalist, hiring_manager, interviewer
):
    session = schedule(requisition, recruiter, [recruiter, hr_generalist, hiring_manager])
    send_queued_emails()
    mail.outbox.clear()
    newcomer = UserFactory(username="nina", role="recruiter")
    replace_recruiter(requisition, hr_generalist, hiring_manager, interviewer, newcomer)
    session.refresh_from_db()
    assert set(session.attendees.all()) == {newcomer, hr_generalist, hiring_manager}
    send_queued_emails()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert "method=CANCEL" in by_person[recruiter.email].attachments[0][2].replace(" ", "")
    assert "method=REQUEST" in by_person[newcomer.email].attachments[0][2].replace(" ", "")
    assert Notification.objects.filter(recipient=newcomer, text__contains="added to").exists()


def test_a_signature_by_someone_who_left_the_part_does_not_count_and_the_successor_signs(
    sent, requisition, recruiter, hr_generalist, hiring_manager, interviewer
):
    sign_agreement(agreement=sent, signer=recruiter, version=1)
    sign_agreement(agreement=sent, signer=hiring_manager, version=1)
    assert Commitment.objects.open().filter(owner=hr_generalist).exists()  # HR's turn

    newcomer = UserFactory(username="nina", role="recruiter")
    replace_recruiter(requisition, hr_generalist, hiring_manager, interviewer, newcomer)
    old = Signature.objects.get(signer=recruiter)
    assert old.voided_at is not None and "no longer the recruiter" in old.void_reason
    sent.refresh_from_db()
    assert sent.signature_for("recruiter") is None
    # No longer HR's turn; the new recruiter owes the signature now.
    assert not Commitment.objects.open().filter(owner=hr_generalist).exists()
    assert Commitment.objects.open().get(owner=newcomer).kind == "sign_agreement"
    sign_agreement(agreement=sent, signer=newcomer, version=1)
    sign_agreement(agreement=sent, signer=hr_generalist, version=1)
    sent.refresh_from_db()
    assert sent.state == "active"


@pytest.mark.parametrize(
    ("starts_at", "fragment"),
    [
        (datetime(2026, 11, 28, 10, 0, tzinfo=LONDON), "weekend"),
        (datetime(2026, 12, 25, 10, 0, tzinfo=LONDON), "public holiday"),
        (datetime(2026, 11, 24, 7, 30, tzinfo=LONDON), "outside the working day"),
        (datetime(2026, 11, 24, 16, 30, tzinfo=LONDON), "outside the working day"),
    ],
)
def test_odd_meeting_times_are_pointed_out(requisition, starts_at, fragment):
    warnings = scheduling_warnings(
        requisition=requisition, starts_at=starts_at, duration_minutes=60
    )
    assert any(fragment in w for w in warnings)


def test_an_ordinary_meeting_time_raises_no_warning(requisition):
    at = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    assert scheduling_warnings(requisition=requisition, starts_at=at, duration_minutes=60) == []
