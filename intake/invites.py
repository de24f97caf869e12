"""Calendar invites for the intake: an .ics (RFC 5545) built by `hiring.ics`, one email per
attendee (listing only the organizer and them), queued through the outbox inside the
scheduling transaction — so a rolled-back change sends nothing, and a retried request sends
nothing twice (the key names the session, its SEQUENCE and the person)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hiring.ics import CalendarEvent, Method, Person, build_calendar, build_invite, content_type
from outbox.mail import queue_email


def intake_event(session) -> CalendarEvent:
    """One VEVENT whose UID stays the same across reschedules; SEQUENCE says which is newer."""
    requisition = session.requisition
    return CalendarEvent(
        uid=session.uid,
        sequence=session.sequence,
        summary=f"Intake: {requisition.title}",
        start=session.starts_at,
        end=session.ends_at,
        time_zone=requisition.time_zone,
        description=(
            "Kick-off for the search: the role profile, interview plan, sourcing, budget, "
            "service levels, communication plan and who does what.\n"
            f"Agreement: {settings.ACCORD_BASE_URL}"
            f"{reverse('intake:agreement', kwargs={'pk': requisition.pk})}"
        ),
        location=session.where or session.get_channel_display(),
        organizer=Person.of(session.scheduled_by),
        attendees=[Person.of(person) for person in session.attendees.all()],
    )


def build_intake_ics(session, *, method: str = "REQUEST", recipient=None) -> bytes:
    """The intake's .ics (hiring.ics). For a `recipient` (a user), only the organizer and
    they are listed as attendees: an invite never hands out the others' addresses."""
    event = intake_event(session)
    if recipient is None:
        return build_calendar([event], method=method)
    return build_invite([event], recipient=Person.of(recipient), method=method)


def queue_intake_invites(session, *, people=None, method: str = Method.REQUEST) -> int:
    """Queue the invite (or, with METHOD:CANCEL, the cancellation) at the session's current
    SEQUENCE to `people` (default: every attendee). Rendered in the requisition's time zone:
    the hour in the mail is the meeting's."""
    requisition = session.requisition
    url = f"{settings.ACCORD_BASE_URL}{reverse('intake:agreement', kwargs={'pk': requisition.pk})}"
    cancelling = Method(method) == Method.CANCEL
    queued = 0
    for person in people if people is not None else session.attendees.all():
        if not person.email:
            continue
        with timezone.override(requisition.time_zone):
            local_start = timezone.localtime(session.starts_at)
            context = {
                "session": session,
                "requisition": requisition,
                "person": person,
                "url": url,
                "cancelled": cancelling,
            }
            text = render_to_string("intake/emails/intake_invite.txt", context)
            html = render_to_string("intake/emails/intake_invite.html", context)
        what = "Cancelled: intake" if cancelling else "Intake"
        queue_email(
            key=f"intake:{session.pk}:seq{session.sequence}:{method}:u{person.pk}",
            to=person.email,
            subject=f"{what} for {requisition.title}: {local_start:%a %d %b %Y, %H:%M}",
            text=text,
            html=html,
            attachments=[
                (
                    "intake.ics",
                    build_intake_ics(session, method=method, recipient=person),
                    content_type(method),
                )
            ],
            requisition=requisition,
        )
        queued += 1
    return queued
