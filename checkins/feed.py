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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from commitments.wording import absolute_url
from hiring.ics import CalendarEvent, Method, Person, Status, build_calendar
from hiring.models import LEAD_ROLES, HiringTeamMember, Requisition
from intake.invites import intake_event
from intake.models import IntakeSession
from interviews.models import Interview

from .invites import series_events
from .models import CalendarFeed, CheckIn, CheckInSeries


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
# The window a feed covers: what a calendar app shows a person is their recent past and the
# months ahead; a feed of every event ever grew with the years (744 ms and 562 KB for a
# recruiter at a large employer, issue 24). Check-in series are one recurring event each
# (with their exceptions in the window); interviews, intake meetings and deadlines outside
# the window are left out.
PAST = timedelta(days=30)
AHEAD = timedelta(days=180)
DEADLINE_LENGTH = timedelta(minutes=15)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    @classmethod
    def around(cls, now) -> Window:
        """From midnight UTC 30 days back to 180 days ahead: the same all day, so the stamp
        (and a calendar app's cached copy) changes once a day, not every second."""
        day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(start=day - PAST, end=day + AHEAD)


def _lead_memberships(user, visible) -> set[tuple[int, str]]:
    return {
        (requisition_id, role)
        for requisition_id, role in user.team_memberships.filter(
            role__in=LEAD_ROLES, requisition__in=visible
        ).values_list("requisition_id", "role")
    }


def feed_events(user, *, now=None) -> list[CalendarEvent]:
    """The person's events in the window, from rows fetched once: about ten queries
    whatever the number of searches, meetings and deadlines."""
    window = Window.around(now or timezone.now())
    visible = Requisition.objects.visible_to(user)
    events: list[CalendarEvent] = []
    me = Person.of(user)
    # Check-ins: the series whose attendee parties include one of the person's roles.
    lead_memberships = _lead_memberships(user, visible)
    in_window = CheckIn.objects.filter(
        Q(state=CheckIn.State.CANCELLED) | Q(starts_at__gte=window.start, starts_at__lt=window.end)
    )
    series_list = (
        CheckInSeries.objects.filter(requisition_id__in={r for r, _ in lead_memberships})
        .exclude(state=CheckInSeries.State.ENDED, ended_at__lt=window.start)
        .select_related("requisition")
        .prefetch_related("requisition__team_members__user", Prefetch("checkins", in_window))
    )
    for series in series_list:
        if series.state == CheckInSeries.State.SUSPENDED and series.until is None:
            continue  # set while the search was on hold: nothing is scheduled yet
        if any((series.requisition_id, p) in lead_memberships for p in series.attendee_parties):
            events.extend(item.for_recipient(me) for item in series_events(series))
    # Intake sessions the person attends.
    sessions = (
        IntakeSession.objects.filter(
            attendees=user,
            requisition__in=visible,
            starts_at__gte=window.start,
            starts_at__lt=window.end,
        )
        .select_related("requisition", "scheduled_by")
        .prefetch_related("attendees")
    )
    events.extend(intake_event(session).for_recipient(me) for session in sessions)
    events.extend(_interview_events(user, visible, window))
    # Deadlines of the person's own open commitments (commitment_open_owner_idx).
    for commitment in (
        Commitment.objects.open()
        .owed_by(user)
        .filter(requisition__in=visible, due_at__gte=window.start, due_at__lt=window.end)
        .select_related("requisition")
        .only("title", "url", "due_at", "requisition__title", "requisition__time_zone")
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


def _interview_events(user, visible, window) -> list[CalendarEvent]:
    """Interviews the person sits on."""
    interviews = Interview.objects.filter(
        interviewers=user,
        requisition__in=visible,
        starts_at__gte=window.start,
        starts_at__lt=window.end,
    ).select_related("requisition")
    return [
        CalendarEvent(
            uid=interview.uid,  # the same UID as the interview's emailed invites
            summary=f"Interview: {interview.requisition.title} ({interview.stage_name})",
            start=interview.starts_at,
            end=interview.ends_at,
            time_zone=interview.requisition.time_zone,
            location=interview.location,
            sequence=interview.sequence,
            status=Status.CANCELLED
            if interview.state == interview.State.CANCELLED
            else Status.CONFIRMED,
        )
        for interview in interviews
    ]


def feed_stamp(user, *, now=None) -> str:
    """The feed's ETag, without building it: what its events are made of, read in one
    query of indexed aggregates (`_stamp_query`) over the person's rows in the window —
    how many of each and the highest key (a row added or gone), the sum of the SEQUENCE
    numbers (every move or cancellation of an interview, a check-in, a series or an intake
    meeting raises one, as its invites need), when each search they are on last changed
    (its title is in every summary), and the sum of their deadlines (a deadline moved) —
    with the window's first day and the person's name.

    A change counter kept by every writer would need a write, and a lock on the person,
    in a dozen domain functions across five apps, and a writer that forgot it would leave
    calendars stale behind a 304 for ever; this reads the same facts and cannot miss one.
    A 304 costs this query and the token's (`make bench-pages` times both)."""
    window = Window.around(now or timezone.now())
    sql, names = _stamp_query(connection.vendor)
    values = {"user": user.pk, "start": window.start, "end": window.end, "open": "open"}
    with connection.cursor() as cursor:
        cursor.execute(sql, [values[name] for name in names])
        row = cursor.fetchone()
    facts = [window.start.date().isoformat(), user.get_username(), user.get_full_name()]
    facts.extend(str(value) for value in row or ())
    return '"' + hashlib.sha256("|".join(facts).encode()).hexdigest()[:32] + '"'


@cache
def _stamp_query(vendor: str) -> tuple[str, list[str]]:
    """The stamp's SQL, written once per process from the models' tables (the ORM took
    60 ms to compose seven aggregate subqueries; this is a string): each part is one
    scalar subquery of "count:highest key:sum", and the parameters' names in order.

    Not through `visible_to` (its permission check costs two queries): a person's searches
    are their team memberships, which the stamp reads; what only the right to see every
    search adds (an HR lead's meetings on others' searches) is current from the next change
    or the next day, when the window moves. Check-ins are those in the window
    (checkin_requisition_idx): every change that reaches a feed is a move or cancellation
    of one ahead (raising its SEQUENCE) or a new one made ahead."""

    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    def column(model, name):
        return connection.ops.quote_name(model._meta.get_field(name).column)

    if vendor == "postgresql":
        seconds = "EXTRACT(EPOCH FROM {})"
    else:  # SQLite keeps datetimes as text: seconds since 1970 by strftime
        seconds = "CAST(strftime('%%s', {}) AS INTEGER)"

    def part(rows: str, key: str, changing: str) -> str:
        return (
            f"(SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COALESCE(MAX({key}), 0) AS TEXT)"
            f" || ':' || CAST(COALESCE(SUM({changing}), 0) AS TEXT) FROM {rows})"
        )

    team, member_user = table(HiringTeamMember), column(HiringTeamMember, "user")
    member_search = column(HiringTeamMember, "requisition")
    leads = ", ".join(f"'{role}'" for role in LEAD_ROLES)
    mine = f"(SELECT {member_search} FROM {team} WHERE {member_user} = %s)"
    led = (
        f"(SELECT {member_search} FROM {team} WHERE {member_user} = %s "
        f"AND {column(HiringTeamMember, 'role')} IN ({leads}))"
    )
    names, parts = [], []
    parts.append(part(f"{team} WHERE {member_user} = %s", "id", "id"))
    names.append("user")
    updated = seconds.format(column(Requisition, "updated_at"))
    parts.append(part(f"{table(Requisition)} WHERE id IN {mine}", "id", updated))
    names.append("user")
    series_search = column(CheckInSeries, "requisition")
    parts.append(part(f"{table(CheckInSeries)} WHERE {series_search} IN {led}", "id", "sequence"))
    names.append("user")
    starts = column(CheckIn, "starts_at")
    parts.append(
        part(
            f"{table(CheckIn)} WHERE {column(CheckIn, 'requisition')} IN {led} "
            f"AND {starts} >= %s AND {starts} < %s",
            "id",
            "sequence",
        )
    )
    names += ["user", "start", "end"]
    attendees = IntakeSession.attendees.through
    parts.append(
        part(
            f"{table(IntakeSession)} s JOIN {table(attendees)} a "
            f"ON a.{column(attendees, 'intakesession')} = s.id "
            f"WHERE a.{column(attendees, 'user')} = %s "
            f"AND s.starts_at >= %s AND s.starts_at < %s",
            "s.id",
            "s.sequence",
        )
    )
    names += ["user", "start", "end"]
    due = seconds.format(column(Commitment, "due_at"))
    parts.append(
        part(
            f"{table(Commitment)} WHERE {column(Commitment, 'owner')} = %s "
            f"AND state = %s AND due_at >= %s AND due_at < %s",
            "id",
            due,
        )
    )
    names += ["user", "open", "start", "end"]
    panel = Interview.interviewers.through
    parts.append(
        part(
            f"{table(Interview)} i JOIN {table(panel)} p "
            f"ON p.{column(panel, 'interview')} = i.id "
            f"WHERE p.{column(panel, 'user')} = %s "
            f"AND i.starts_at >= %s AND i.starts_at < %s",
            "i.id",
            "i.sequence",
        )
    )
    names += ["user", "start", "end"]
    return "SELECT " + ", ".join(parts), names


def feed_body(user, events: list[CalendarEvent]) -> bytes:
    name = f"Accord — {getattr(user, 'display_name', '') or user.get_username()}"
    return build_calendar(events, method=Method.PUBLISH, name=name)


def upcoming_for(requisition, *, now=None):
    now = now or timezone.now()
    return CheckIn.objects.filter(requisition=requisition).upcoming(now).first()
