"""Calendar invites for the intake: an .ics (RFC 5545) built with `icalendar`, mailed to
each attendee after the scheduling transaction commits."""

from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import IntakeSession


def _address(user) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.display_name)
    return address


def build_intake_ics(session, *, method: str = "REQUEST") -> bytes:
    """One VEVENT whose UID stays the same across reschedules; SEQUENCE says which is newer."""
    requisition = session.requisition
    calendar = Calendar()
    calendar.add("prodid", "-//Accord//Intake//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"Intake: {requisition.title}")
    event.add(
        "description",
        "Kick-off for the search: the role profile, interview plan, sourcing, budget, "
        "service levels, communication plan and who does what.\n"
        f"Agreement: {settings.ACCORD_BASE_URL}"
        f"{reverse('intake:agreement', kwargs={'pk': requisition.pk})}",
    )
    event.add("location", session.where or session.get_channel_display())
    event.add("organizer", _address(session.scheduled_by))
    for person in session.attendees.all():
        attendee = _address(person)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


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
    ics = build_intake_ics(session)
    requisition = session.requisition
    url = f"{settings.ACCORD_BASE_URL}{reverse('intake:agreement', kwargs={'pk': requisition.pk})}"
    sent = 0
    for person in session.attendees.all():
        if not person.email:
            continue
        with timezone.override(requisition.time_zone):
            _send_one(session, person, url, ics)
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
    message.attach("intake.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
    message.send()
