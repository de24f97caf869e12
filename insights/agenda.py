"""What is next for a person: the meetings they sit in, today and the days ahead (issue 25,
finding 6: an interviewer's home said "Nothing is waiting on you" with interviews today and
tomorrow). Beside "Waiting on me" — what they owe — the home shows what is coming: the
interviews they sit on with the plan and the candidate (and when their scorecard opens),
the check-ins and intake meetings they attend.

Three queries whatever the number of searches and meetings: interviews (with the
candidate and whether the person's own scorecard is in), check-ins of the searches they
lead, intake meetings they attend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from checkins.invites import CHANNELS
from checkins.models import CheckIn
from config.links import reverse
from hiring.models import LEAD_ROLES
from intake.models import IntakeSession
from interviews.models import Interview, Scorecard

AHEAD_DAYS = 7  # today and the next six days


@dataclass
class Meeting:
    kind: str  # "interview", "checkin" or "intake"
    starts_at: datetime
    ends_at: datetime
    title: str
    url: str
    requisition: object
    where: str = ""
    focus_areas: list = field(default_factory=list)
    notes: str = ""
    # For an interview: the scorecard's link and its state now ("opens", "open", "submitted").
    scorecard_url: str = ""
    scorecard: str = ""


@dataclass
class Day:
    date: date
    label: str
    meetings: list


def _day_label(day: date, today: date) -> str:
    if day == today:
        return f"Today · {day:%a} {day.day} {day:%b}"
    if day == today + timedelta(days=1):
        return f"Tomorrow · {day:%a} {day.day} {day:%b}"
    return f"{day:%A} {day.day} {day:%b}"


def _interviews(user, visible, since, until, now) -> list[Meeting]:
    mine = Scorecard.objects.submitted().filter(interview=OuterRef("pk"), author=user)
    interviews = (
        Interview.objects.scheduled()
        .filter(interviewers=user, requisition__in=visible, ends_at__gt=since, starts_at__lt=until)
        .annotate(submitted=Exists(mine))
        .select_related("requisition", "application__candidate")
    )
    meetings = []
    for interview in interviews:
        one = {"pk": interview.requisition_id, "interview": interview.pk}
        if interview.submitted:
            state = "submitted"
        elif interview.starts_at > now:
            state = "opens"
        else:
            state = "open"
        meetings.append(
            Meeting(
                kind="interview",
                starts_at=interview.starts_at,
                ends_at=interview.ends_at,
                title=f"{interview.stage_name} with {interview.application.candidate.name}",
                url=reverse("interviews:interview-detail", kwargs=one),
                requisition=interview.requisition,
                where=interview.location,
                focus_areas=list(interview.focus_areas),
                notes=interview.notes,
                scorecard_url=reverse("interviews:scorecard", kwargs=one),
                scorecard=state,
            )
        )
    return meetings


def _checkins(user, visible, since, until) -> list[Meeting]:
    roles = {}
    for requisition_id, role in user.team_memberships.filter(
        role__in=LEAD_ROLES, requisition__in=visible
    ).values_list("requisition_id", "role"):
        roles.setdefault(requisition_id, set()).add(role)
    if not roles:
        return []
    checkins = (
        CheckIn.objects.scheduled()
        .filter(requisition_id__in=roles, starts_at__gte=since, starts_at__lt=until)
        .select_related("requisition", "series")
    )
    return [
        Meeting(
            kind="checkin",
            starts_at=checkin.starts_at,
            ends_at=checkin.ends_at,
            title=f"Check-in on {checkin.requisition.title}",
            url=reverse("checkins:checkin-detail", kwargs={"pk": checkin.pk}),
            requisition=checkin.requisition,
            where=CHANNELS.get(checkin.series.channel, checkin.series.channel),
        )
        for checkin in checkins
        if roles[checkin.requisition_id] & set(checkin.series.attendee_parties)
    ]


def _intakes(user, visible, since, until) -> list[Meeting]:
    sessions = IntakeSession.objects.filter(
        attendees=user,
        requisition__in=visible,
        held_at=None,
        cancelled_at=None,
        starts_at__gte=since,
        starts_at__lt=until,
    ).select_related("requisition")
    return [
        Meeting(
            kind="intake",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            title=f"Intake meeting for {session.requisition.title}",
            url=reverse("intake:agreement", kwargs={"pk": session.requisition_id}),
            requisition=session.requisition,
            where=session.where or session.get_channel_display(),
        )
        for session in sessions
    ]


def agenda_for(user, *, visible, now=None, days: int = AHEAD_DAYS) -> list[Day]:
    """The person's meetings from the start of their today (in their own time zone) to the
    end of the `days`-th day, by day, in time order: interviews they sit on (today's already
    held among them, their scorecard to write), check-ins and intake meetings they attend."""
    now = now or timezone.now()
    zone = user.zone
    today = timezone.localtime(now, zone).date()
    since = datetime(today.year, today.month, today.day, tzinfo=zone)
    until = since + timedelta(days=days)
    meetings = (
        _interviews(user, visible, since, until, now)
        + _checkins(user, visible, max(since, now - timedelta(hours=1)), until)
        + _intakes(user, visible, max(since, now - timedelta(hours=1)), until)
    )
    meetings.sort(key=lambda m: (m.starts_at, m.title))
    by_day: dict[date, list] = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localtime(meeting.starts_at, zone).date(), []).append(meeting)
    return [Day(day, _day_label(day, today), items) for day, items in by_day.items()]
