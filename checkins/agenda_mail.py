"""The agenda by email, the morning of each check-in (issue 21): each attendee gets it once
the working day of the check-in's date has begun in their own time zone (or an hour before
the check-in, when it starts earlier than that), written from what happened up to then.

Guarantee: once per check-in and attendee — the outbox key `checkin-agenda:<id>:<person>`
makes a second sweep, a retry or a second beat a no-op. Only scheduled check-ins of open
searches; attendees without an address or no longer active get none.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from commitments.wording import absolute_url
from hiring.models import Requisition
from outbox.mail import queue_email

from .agenda import agenda_for, agenda_text
from .models import CheckIn
from .series import attendees_of


def _morning_of(checkin, person) -> datetime:
    """When `person`'s agenda for `checkin` may go: their working day's start on its date."""
    day = timezone.localtime(checkin.starts_at, person.zone).date()
    opens = datetime.combine(day, person.workday_starts, tzinfo=person.zone)
    return min(opens, checkin.starts_at - timedelta(hours=1))


def send_checkin_agendas(*, now=None) -> int:
    """Every quarter of an hour (beat): queue the agendas now due. Returns how many were
    queued by this run or found queued already."""
    now = now or timezone.now()
    upcoming = (
        CheckIn.objects.scheduled()
        .filter(
            starts_at__gt=now,
            starts_at__lte=now + timedelta(hours=24),
            requisition__state=Requisition.State.OPEN,
        )
        .select_related("series__requisition")
        .prefetch_related("series__requisition__team_members__user")
    )
    queued = 0
    for checkin in upcoming:
        requisition = checkin.series.requisition
        checkin.requisition = requisition
        agenda, text = None, ""
        for person in attendees_of(checkin.series):
            if not (person.is_active and person.email) or now < _morning_of(checkin, person):
                continue
            if agenda is None:
                agenda = agenda_for(checkin, now=now)
                text = agenda_text(agenda, person.zone)
            link = absolute_url(reverse("checkins:checkin-detail", kwargs={"pk": checkin.pk}))
            when = timezone.localtime(checkin.starts_at, person.zone)
            queue_email(
                key=f"checkin-agenda:{checkin.pk}:{person.pk}",
                to=person.email,
                subject=f"Check-in on {requisition.title} at {when:%H:%M}: the agenda",
                text=f"{text}\n\nThe whole agenda, and the record after the meeting: {link}\n",
                requisition=requisition,
                send_after=person.next_working_moment(now),
            )
            queued += 1
    return queued
