from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hiring.models import Activity
from interviews.models import CandidateMessage
from interviews.scheduling import (
    cancel_interview,
    reschedule_interview,
    schedule_interview,
    schedule_warnings,
)
from outbox.models import OutboundEmail
from tests.calendars import parse_both

pytestmark = pytest.mark.django_db


def ics_of(email):
    attachment = email.attachments.get()
    assert attachment.mimetype.startswith("text/calendar")
    return parse_both(bytes(attachment.content))


def attendees(event):
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return sorted(str(a).removeprefix("mailto:") for a in found)


def test_scheduling_sends_each_interviewer_and_the_candidate_a_request_naming_only_them(
    interview, interviewer, second_interviewer, recruiter
):
    emails = {e.to[0]: e for e in OutboundEmail.objects.filter(key__startswith="interview-")}
    assert set(emails) == {interviewer.email, second_interviewer.email, "jane@candidates.example"}
    for address, email in emails.items():
        parsed = ics_of(email)
        assert parsed.method == "REQUEST"
        (event,) = parsed.events
        assert str(event["uid"]) == interview.uid
        assert int(event["sequence"]) == 0
        assert "dtstamp" in event
        assert str(event["organizer"]) == f"mailto:{recruiter.email}"
        assert attendees(event) == [address]  # nobody learns the others' addresses
        assert parsed.icalendar.walk("VTIMEZONE")


def test_the_candidates_invite_carries_the_preparation_message_and_never_the_notes(interview):
    email = OutboundEmail.objects.get(to=["jane@candidates.example"])
    assert "Technical interview" in email.subject
    assert "What we will talk about" in email.text and "Owns on-call" in email.text
    assert "Daniel" in email.text  # the line about the hiring manager
    assert "ledger migration" not in email.text
    (event,) = ics_of(email).events
    assert "ledger migration" not in str(event.get("description"))
    assert "url" not in event  # no link into Accord for the candidate
    panel = (
        OutboundEmail.objects.filter(key__startswith="interview-")
        .exclude(to=["jane@candidates.example"])
        .first()
    )
    assert "ledger migration" in panel.text
    message = CandidateMessage.objects.get(kind="preparation")
    assert Activity.objects.filter(kind="candidate_messaged").exists()
    assert message.key == email.key


def test_rescheduling_sends_the_same_uid_with_a_higher_sequence_and_cancels_who_left(
    interview, recruiter, interviewer, second_interviewer, starts_at
):
    reschedule_interview(
        interview=interview,
        starts_at=starts_at + timedelta(hours=2),
        ends_at=starts_at + timedelta(hours=3),
        location="Room 4",
        notes="",
        interviewers=[interviewer],
        changed_by=recruiter,
    )
    update = OutboundEmail.objects.get(
        key=f"interview-{interview.pk}-seq1-request-user{interviewer.pk}"
    )
    (event,) = ics_of(update).events
    assert str(event["uid"]) == interview.uid and int(event["sequence"]) == 1
    assert str(event["location"]) == "Room 4"
    removed = OutboundEmail.objects.get(
        key=f"interview-{interview.pk}-seq1-cancel-user{second_interviewer.pk}"
    )
    parsed = ics_of(removed)
    assert parsed.method == "CANCEL"
    assert str(parsed.events[0]["status"]) == "CANCELLED"
    assert OutboundEmail.objects.filter(
        key=f"interview-{interview.pk}-seq1-request-candidate"
    ).exists()


def test_cancelling_sends_method_cancel_to_everyone(interview, recruiter):
    cancel_interview(interview=interview, cancelled_by=recruiter, reason="Candidate is ill")
    cancels = OutboundEmail.objects.filter(key__contains="-seq1-cancel-")
    assert cancels.count() == 3
    for email in cancels:
        parsed = ics_of(email)
        assert parsed.method == "CANCEL"
        assert str(parsed.events[0]["uid"]) == interview.uid
        assert int(parsed.events[0]["sequence"]) == 1
    with pytest.raises(ValidationError):
        cancel_interview(interview=interview, cancelled_by=recruiter, reason="again")


def test_a_retried_schedule_sends_nothing_twice(interview, recruiter):
    from interviews.invites import send_invites

    before = OutboundEmail.objects.count()
    send_invites(interview=interview, method=interview_method(), sent_by=recruiter)
    assert OutboundEmail.objects.count() == before


def interview_method():
    from hiring.ics import Method

    return Method.REQUEST


def test_an_interviewer_cannot_schedule(application, interviewer, starts_at):
    with pytest.raises(PermissionDenied):
        schedule_interview(
            application=application,
            stage_index=0,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            location="x",
            notes="",
            interviewers=[interviewer],
            scheduled_by=interviewer,
        )


def test_panel_must_come_from_the_hiring_team(application, recruiter, outsider, starts_at):
    with pytest.raises(ValidationError):
        schedule_interview(
            application=application,
            stage_index=0,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            location="x",
            notes="",
            interviewers=[outsider],
            scheduled_by=recruiter,
        )


def test_weekends_late_hours_and_overlaps_are_warned_about_not_blocked(
    interview, requisition, interviewer, starts_at
):
    saturday = starts_at + timedelta(days=(5 - starts_at.weekday()) % 7)
    warnings = schedule_warnings(
        requisition=requisition,
        starts_at=saturday.replace(hour=20),
        ends_at=saturday.replace(hour=21),
        interviewers=[interviewer],
    )
    assert any("Saturday" in w for w in warnings)
    assert any("outside 08:00–19:00" in w for w in warnings)
    overlap = schedule_warnings(
        requisition=requisition,
        starts_at=starts_at + timedelta(minutes=30),
        ends_at=starts_at + timedelta(minutes=90),
        interviewers=[interviewer],
    )
    assert overlap == [
        f"{interviewer.display_name} has another interview then (Technical interview, 10:00)."
    ]
    assert (
        schedule_warnings(
            requisition=requisition,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            interviewers=[interviewer],
            exclude=interview,
        )
        == []
    )


def test_closing_the_search_cancels_the_interviews_ahead(interview, requisition, hiring_manager):
    from hiring.lifecycle import move_requisition

    move_requisition(
        requisition=requisition, to_state="cancelled", moved_by=hiring_manager, reason="Budget"
    )
    interview.refresh_from_db()
    assert interview.is_cancelled
    assert OutboundEmail.objects.filter(key__contains="-seq1-cancel-").count() == 3
    entry = Activity.objects.filter(kind="state_changed").latest("pk")
    assert "1 upcoming interview cancelled" in entry.summary


def test_a_leaver_is_taken_off_the_panels_ahead_and_owes_nothing_more(
    interview,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
    interviewer,
    second_interviewer,
):
    from commitments.models import Commitment
    from hiring.team import assign_hiring_team
    from interviews.feedback import open_feedback_commitments

    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=hiring_manager,
        interviewers=[interviewer],
    )
    interview.refresh_from_db()
    assert list(interview.interviewers.all()) == [interviewer]
    assert OutboundEmail.objects.filter(
        key=f"interview-{interview.pk}-seq1-cancel-user{second_interviewer.pk}"
    ).exists()
    open_feedback_commitments(now=interview.ends_at + timedelta(minutes=1))
    assert set(
        Commitment.objects.filter(kind="interview_feedback").values_list("owner", flat=True)
    ) == {interviewer.pk}


def test_a_public_holiday_is_warned_about(requisition, interviewer):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    christmas = datetime(2026, 12, 25, 10, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(christmas - timedelta(days=30)):
        warnings = schedule_warnings(
            requisition=requisition,
            starts_at=christmas,
            ends_at=christmas + timedelta(hours=1),
            interviewers=[interviewer],
        )
    assert warnings == ["Friday 25 December is a public holiday in GB."]


def test_a_time_in_the_past_is_warned_about(requisition, interviewer):
    from django.utils import timezone

    yesterday = timezone.now() - timedelta(days=1)
    warnings = schedule_warnings(
        requisition=requisition,
        starts_at=yesterday,
        ends_at=yesterday + timedelta(hours=1),
        interviewers=[interviewer],
    )
    assert warnings[0].startswith("It starts in the past")


def test_the_interview_downloads_as_a_calendar_file_naming_only_the_reader(
    client, interview, interviewer, second_interviewer
):
    from django.urls import reverse

    client.force_login(interviewer)
    response = client.get(
        reverse(
            "interviews:interview-ics",
            kwargs={"pk": interview.requisition_id, "interview": interview.pk},
        )
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    parsed = parse_both(response.content)
    assert parsed.method == "PUBLISH"
    (event,) = parsed.events
    assert str(event["uid"]) == interview.uid
    assert attendees(event) == [interviewer.email]
    assert second_interviewer.email not in response.content.decode()


def test_finding_7_the_candidates_invite_replies_to_the_recruiter_and_every_invite_has_html(
    interview, recruiter
):
    from outbox.mail import build_message

    emails = list(OutboundEmail.objects.filter(key__startswith="interview-"))
    candidate = next(e for e in emails if e.to == ["jane@candidates.example"])
    assert recruiter.email in candidate.reply_to
    assert candidate.sender == recruiter
    for email in emails:
        message = build_message(email).message()
        types = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html", "text/calendar"} <= types, (email.to, types)


def test_finding_11_a_candidate_or_an_interviewer_booked_twice_is_warned_about(
    interview, requisition, interviewer, recruiter, hr_generalist, hiring_manager, starts_at
):
    """The candidate already in an interview then, on this search or another, and a
    panellist at an intake then: warned, not blocked."""
    from intake.sessions import schedule_intake

    later = starts_at + timedelta(minutes=30)
    warnings = schedule_warnings(
        requisition=requisition,
        starts_at=later,
        ends_at=later + timedelta(hours=1),
        interviewers=[hiring_manager],
        application=interview.application,
    )
    candidate = interview.application.candidate.name
    assert warnings == [f"{candidate} already has an interview then (Technical interview, 10:00)."]

    schedule_intake(
        requisition=requisition,
        scheduled_by=recruiter,
        starts_at=starts_at + timedelta(days=1),
        duration_minutes=60,
        channel="video",
        where="https://meet.example.com/x",
        attendees=[recruiter, hr_generalist, hiring_manager],
    )
    next_day = starts_at + timedelta(days=1, minutes=15)
    warnings = schedule_warnings(
        requisition=requisition,
        starts_at=next_day,
        ends_at=next_day + timedelta(hours=1),
        interviewers=[hiring_manager, interviewer],
        application=interview.application,
    )
    assert warnings == [
        f"{hiring_manager.display_name} is at the intake for {requisition.title} then (10:00)."
    ]
