"""The personal calendar feed: one private URL per person that calendar apps subscribe to.

It lists the person's check-ins, intake sessions, interviews and the deadlines of their own
open commitments — only on searches they may see (`Requisition.objects.visible_to`), so
someone taken off a search loses its events at the next refresh. The token is 43 URL-safe
random characters (256 bits), compared in constant time; resetting replaces it and the old
URL answers 404.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from commitments.wording import absolute_url
from hiring.ics import CalendarEvent, Method, Person, Status, build_calendar
from hiring.models import LEAD_ROLES, Requisition
from intake.invites import intake_event
from intake.models import IntakeSession
from interviews.models import Interview

from .invites import series_events
from .models import CalendarFeed, CheckIn, CheckInSeries

PAST = timedelta(days=60)
DEADLINE_LENGTH = timedelta(minutes=15)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def feed_for(user) -> CalendarFeed:
    """The person's feed row, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, token=_new_token())
    except IntegrityError:
        return CalendarFeed.objects.get(user=user)


@transaction.atomic
def reset_feed(*, user) -> CalendarFeed:
    """A new token; the old URL stops working at once."""
    feed = feed_for(user)
    feed.token, feed.created_at = _new_token(), timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_url(feed: CalendarFeed) -> str:
    return absolute_url(reverse("checkins:calendar-feed", args=[feed.token]))


def user_for_token(token: str):
    """The feed's owner, or None (the view answers 404). The row is found by the unique
    index; the match is then confirmed with hmac.compare_digest on both digests, and a miss
    does the same comparison against a dummy, so right and wrong tokens cost the same."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    # Compare again in constant time, so the database's string comparison is not the judge.
    expected = feed.token if feed is not None else _DUMMY
    if not hmac.compare_digest(_digest(expected), _digest(token)) or feed is None:
        return None
    return feed.user if feed.user.is_active else None


_DUMMY = secrets.token_urlsafe(32)


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


# --- the events ------------------------------------------------------------------------------
def feed_events(user, *, now=None) -> list[CalendarEvent]:
    now = now or timezone.now()
    visible = Requisition.objects.visible_to(user)
    events: list[CalendarEvent] = []
    me = Person.of(user)
    # Check-ins: the series whose attendee parties include one of the person's roles.
    lead_memberships = {
        (m.requisition_id, m.role)
        for m in user.team_memberships.filter(role__in=LEAD_ROLES, requisition__in=visible)
    }
    series_list = (
        CheckInSeries.objects.filter(requisition_id__in={r for r, _ in lead_memberships})
        .exclude(state=CheckInSeries.State.ENDED, ended_at__lt=now - PAST)
        .select_related("requisition")
        .prefetch_related("requisition__team_members__user", "checkins")
    )
    for series in series_list:
        if series.state == CheckInSeries.State.SUSPENDED and series.until is None:
            continue  # set while the search was on hold: nothing is scheduled yet
        if any((series.requisition_id, p) in lead_memberships for p in series.attendee_parties):
            events.extend(item.for_recipient(me) for item in series_events(series))
    # Intake sessions the person attends.
    sessions = (
        IntakeSession.objects.filter(attendees=user, requisition__in=visible)
        .select_related("requisition", "scheduled_by")
        .prefetch_related("attendees")
    )
    events.extend(intake_event(session).for_recipient(me) for session in sessions)
    events.extend(_interview_events(user, visible, me, now))
    # Deadlines of the person's own open commitments.
    for commitment in (
        Commitment.objects.open()
        .owed_by(user)
        .filter(requisition__in=visible)
        .select_related("requisition")
    ):
        events.append(
            CalendarEvent(
                uid=f"commitment-{commitment.pk}@accord",
                summary=f"Due: {commitment.title}",
                start=commitment.due_at - DEADLINE_LENGTH,
                end=commitment.due_at,
                time_zone=commitment.requisition.time_zone,
                description=f"{commitment.requisition.title}\n{absolute_url(commitment.url)}",
                url=absolute_url(commitment.url),
                transparent=True,
                categories=["Deadline"],
            )
        )
    return events


def _interview_events(user, visible, me, now) -> list[CalendarEvent]:
    """Interviews the person sits on."""
    events = []
    interviews = (
        Interview.objects.filter(interviewers=user, requisition__in=visible)
        .filter(starts_at__gte=now - PAST)
        .select_related("requisition")
    )
    for interview in interviews:
        events.append(
            CalendarEvent(
                uid=interview.uid,  # the same UID as the interview's emailed invites
                summary=f"Interview: {interview.requisition.title} ({interview.stage_name})",
                start=interview.starts_at,
                end=interview.ends_at,
                time_zone=interview.requisition.time_zone,
                location=interview.location,
                sequence=interview.sequence,
                status=Status.CANCELLED
                if interview.state == Interview.State.CANCELLED
                else Status.CONFIRMED,
            )
        )
    return events


def feed_etag(events: list[CalendarEvent]) -> str:
    """Hashes the events, not the file (whose DTSTAMP changes on every build), so an
    unchanged calendar answers 304."""
    return '"' + hashlib.sha256(repr(events).encode()).hexdigest()[:32] + '"'


def feed_body(user, events: list[CalendarEvent]) -> bytes:
    name = f"Accord — {getattr(user, 'display_name', '') or user.get_username()}"
    return build_calendar(events, method=Method.PUBLISH, name=name)


def upcoming_for(requisition, *, now=None):
    now = now or timezone.now()
    return CheckIn.objects.filter(requisition=requisition).upcoming(now).first()
