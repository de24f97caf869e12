"""Calendar invites for the intake: an .ics (RFC 5545) built by `hiring.ics`, mailed to
each attendee (listing only the organizer and them) after the scheduling transaction
commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hiring.ics import CalendarEvent, Method, Person, build_calendar, build_invite, content_type

from .models import IntakeSession


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


def send_intake_invites(session_id: int, sequence: int) -> int:
    """Mail the invite to every attendee with an email address: text and HTML bodies, the
    .ics attached as text/calendar. Run by a Celery task enqueued on commit, so a rolled-back
    scheduling sends nothing. An invite for a superseded schedule (the intake was moved
    again since) is skipped: the newer task sends the current one. A redelivered task sends
    the same message again with the same Message-ID, UID and SEQUENCE, which calendars and
    mail systems treat as one."""
    session = IntakeSession.objects.select_related("requisition").filter(pk=session_id).first()
    if session is None or session.sequence != sequence:
        return 0
    requisition = session.requisition
    url = f"{settings.ACCORD_BASE_URL}{reverse('intake:agreement', kwargs={'pk': requisition.pk})}"
    sent = 0
    for person in session.attendees.all():
        if not person.email:
            continue
        with timezone.override(requisition.time_zone):
            _send_one(session, person, url, build_intake_ics(session, recipient=person))
        sent += 1
    return sent


def _send_one(session, person, url, ics):
    """Rendered in the requisition's time zone: the hour in the mail is the meeting's."""
    requisition = session.requisition
    local_start = timezone.localtime(session.starts_at)
    context = {"session": session, "requisition": requisition, "person": person, "url": url}
    message = EmailMultiAlternatives(
        subject=f"Intake for {requisition.title}: {local_start:%a %d %b %Y, %H:%M}",
        body=render_to_string("intake/emails/intake_invite.txt", context),
        to=[person.email],
        headers={"Message-ID": f"<intake-{session.pk}-{session.sequence}-{person.pk}@accord>"},
    )
    message.attach_alternative(
        render_to_string("intake/emails/intake_invite.html", context), "text/html"
    )
    message.attach("intake.ics", ics, content_type(Method.REQUEST))
    message.send()
