"""The calendar invites of an interview, and how it reads in them and on its pages.

Every interviewer and the candidate get an email with an .ics built by `hiring.ics` (one
writer for every invite): METHOD:REQUEST with a stable UID, a higher SEQUENCE on every
change, METHOD:CANCEL when it is off. The emails go through `outbox.mail.queue_email` in the
scheduling transaction (`interviews.scheduling`), keyed by interview, sequence and
recipient: a retried request sends nothing twice and a rolled-back one sends nothing. The
candidate's invite carries the interview-preparation message and never the interviewers'
notes.
"""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hiring.ics import CalendarEvent, Method, Person, build_invite, content_type
from hiring.journal import record_activity
from hiring.models import Activity
from outbox.mail import queue_email

from .candidate_messages import candidate_reply_to, preparation_message
from .models import CandidateMessage, MessageTemplate

DAY_STARTS, DAY_ENDS = time(8, 0), time(19, 0)


def when_text(interview) -> str:
    local = timezone.localtime(interview.starts_at, ZoneInfo(interview.requisition.time_zone))
    return f"{local:%a %d %b %Y, %H:%M} ({interview.requisition.time_zone})"


def interview_url(interview) -> str:
    path = reverse(
        "interviews:interview-detail",
        kwargs={"pk": interview.requisition_id, "interview": interview.pk},
    )
    return f"{settings.ACCORD_BASE_URL}{path}"


def calendar_event(interview, *, description: str, for_candidate: bool) -> CalendarEvent:
    requisition = interview.requisition
    candidate = interview.application.candidate
    attendees = [Person.of(p) for p in interview.interviewers.all()]
    attendees.append(Person(candidate.email, candidate.name))
    summary = (
        f"{interview.stage_name}: {requisition.title}"
        if for_candidate
        else f"{interview.stage_name} with {candidate.name} ({requisition.title})"
    )
    return CalendarEvent(
        uid=interview.uid,
        summary=summary,
        start=interview.starts_at,
        end=interview.ends_at,
        time_zone=requisition.time_zone,
        description=description,
        location=interview.location,
        sequence=interview.sequence,
        organizer=Person.of(interview.scheduled_by),
        attendees=attendees,
        url="" if for_candidate else interview_url(interview),
    )


def send_invites(*, interview, method: Method, sent_by, only=None, to_candidate=True) -> int:
    """Queue one email with its own .ics per interviewer (or just `only`) and the candidate.
    Keyed by interview, sequence, method and recipient, so each goes once."""
    requisition = interview.requisition
    application = interview.application
    candidate = application.candidate
    prefix = f"interview-{interview.pk}-seq{interview.sequence}-{method.value.lower()}"
    people = list(only) if only is not None else list(interview.interviewers.all())
    context = {
        "interview": interview,
        "requisition": requisition,
        "candidate": candidate,
        "when": when_text(interview),
        "url": interview_url(interview),
        "method": method.value,
        "cancelled": method == Method.CANCEL,
    }
    internal = render_to_string("interviews/emails/invite_panel.txt", context)
    event = calendar_event(interview, description=internal, for_candidate=False)
    sent = 0
    for person in people:
        if not person.email:
            continue
        queue_email(
            key=f"{prefix}-user{person.pk}",
            to=person.email,
            subject=f"{'Cancelled: ' if context['cancelled'] else ''}{interview.stage_name} "
            f"with {candidate.name}, {when_text(interview)}",
            text=render_to_string(
                "interviews/emails/invite_panel.txt", {**context, "person": person}
            ),
            attachments=[
                (
                    "invite.ics",
                    build_invite([event], recipient=Person.of(person), method=method),
                    content_type(method),
                )
            ],
            requisition=requisition,
        )
        sent += 1
    if to_candidate and candidate.email:
        key = f"{prefix}-candidate"
        if method == Method.CANCEL:
            subject = f"Cancelled: your {interview.stage_name} for {requisition.title}"
            text = render_to_string("interviews/emails/invite_candidate_cancel.txt", context)
        else:
            subject, text = preparation_message(interview)
        candidate_event = calendar_event(interview, description=text, for_candidate=True)
        queue_email(
            key=key,
            to=candidate.email,
            subject=subject,
            text=text,
            attachments=[
                (
                    "invite.ics",
                    build_invite(
                        [candidate_event],
                        recipient=Person(candidate.email, candidate.name),
                        method=method,
                    ),
                    content_type(method),
                )
            ],
            requisition=requisition,
            # "Just reply to this email": the reply reaches the search's recruiter.
            reply_to=candidate_reply_to(requisition, sent_by),
            sender=requisition.recruiter or sent_by,
        )
        if method == Method.REQUEST:
            _, created = CandidateMessage.objects.get_or_create(
                key=key,
                defaults={
                    "application": application,
                    "interview": interview,
                    "kind": MessageTemplate.Kind.PREPARATION,
                    "to": candidate.email,
                    "subject": subject[:200],
                    "text": text,
                    "sent_by": sent_by,
                },
            )
            if created:
                record_activity(
                    requisition=requisition,
                    actor=sent_by,
                    kind=Activity.Kind.CANDIDATE_MESSAGED,
                    summary=f"Sent {candidate.name} the interview preparation message "
                    f"for the {interview.stage_name}",
                    details={"interview": interview.pk, "kind": MessageTemplate.Kind.PREPARATION},
                )
        sent += 1
    return sent
