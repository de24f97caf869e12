"""What a reminder says: what is due, since when, for which search, and where to do it."""

from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .business_time import BusinessCalendar, hours_per_day, working_hours
from .models import Step


def _day_and_time(moment, now, requisition) -> str:
    """'today at 13:00', 'yesterday at 13:00', 'tomorrow at 09:00', 'Tue 24 Nov at 13:00'
    in the search's time zone, as a person would say it at `now`."""
    return _said(moment, now, requisition.time_zone)


# The phrases below are pure functions of a few plain values, cached: the sweep words
# thousands of reminders after downtime, and many share a deadline, a start or a zone.
@lru_cache(maxsize=4096)
def _said(moment, now, time_zone: str) -> str:
    zone = ZoneInfo(time_zone)
    local, today = timezone.localtime(moment, zone), timezone.localtime(now, zone).date()
    hour = f"{local:%H:%M}"
    days = (local.date() - today).days
    if days == 0:
        return f"today at {hour}"
    if days == -1:
        return f"yesterday at {hour}"
    if days == 1:
        return f"tomorrow at {hour}"
    # 'Tue 24 Nov' (Django's 'D j M' in English) by strftime, which costs a twentieth of
    # date_format.
    return f"{local:%a} {local.day} {local:%b} at {hour}"


def _business_span(hours: float) -> str:
    day = hours_per_day()
    if hours >= day:
        days = round(hours / day, 1)
        return f"{days:g} business day{'s' if days != 1 else ''}"
    whole = max(1, round(hours))
    return f"{whole} business hour{'s' if whole != 1 else ''}"


@lru_cache(maxsize=4096)
def _span_between(start, end, time_zone: str, country: str, hours) -> str:
    """The business time from `start` to `end` in words (`hours`: the working day, part of
    the key so a changed setting is not answered from the cache)."""
    calendar = BusinessCalendar(time_zone=time_zone, country=country)
    return _business_span(calendar.between(start, end).total_seconds() / 3600)


def _overdue(commitment, now) -> str:
    r = commitment.requisition
    return _span_between(commitment.due_at, now, r.time_zone, r.country, working_hours())


def due_phrase(commitment, now) -> str:
    """How the deadline reads at `now`: 'is due in 4 business hours (today at 13:00, …)',
    'is due now (13:00 …)', 'is 1 business day overdue (was due yesterday at 13:00, …)'."""
    if commitment.is_paused:
        return "is paused while the search is on hold"
    r = commitment.requisition
    return _due_phrase(commitment.due_at, now, r.time_zone, r.country, working_hours())


@lru_cache(maxsize=4096)
def _due_phrase(due, now, tz: str, country: str, hours) -> str:
    said = _said(due, now, tz)
    if due > now:
        return f"is due in {_span_between(now, due, tz, country, hours)} ({said}, {tz})"
    if now - due < timedelta(hours=1):
        return f"is due now ({timezone.localtime(due, ZoneInfo(tz)):%H:%M} {tz})"
    return f"is {_span_between(due, now, tz, country, hours)} overdue (was due {said}, {tz})"


def reminder_subject(reminder, now=None) -> str:
    c = reminder.commitment
    title = f"{c.title} · {c.requisition.title}"
    if reminder.step == Step.NUDGE:
        return f"Coming up: {title}"
    if reminder.step == Step.REMINDER:
        return f"Due: {title}"
    if reminder.recipient_id == c.owner_id:
        return f"Overdue: {title}"
    return f"Overdue on {c.requisition.title}: {c.owner.display_name} — {c.title}"


def reminder_text(reminder, now=None) -> str:
    """One or two sentences; the in-app notification and the email's opening line. Worded
    for the moment it is read (`now`): the notification list renders it afresh, an email
    is worded for the moment it is allowed to go (its recipient's working day)."""
    now = now or timezone.now()
    c = reminder.commitment
    since = _day_and_time(c.started_at, now, c.requisition)
    what = f"“{c.title}” on {c.requisition.title}"
    if c.state != c.State.OPEN:
        return f"{what}: {c.get_state_display().lower()}."
    if reminder.step in (Step.NUDGE, Step.REMINDER):
        return f"{what} {due_phrase(c, now)}. Asked {since}."
    if reminder.recipient_id == c.owner_id:
        return f"{what} {due_phrase(c, now)}. The other side and HR have been told."
    again = " again" if reminder.step == Step.SECOND_ESCALATION else ""
    said = _day_and_time(c.due_at, now, c.requisition)
    return (
        f"{c.owner.display_name} ({c.get_party_display().lower()}) is {_overdue(c, now)} "
        f"late{again} with {what} (was due {said}, {c.requisition.time_zone}). Asked {since}."
    )


def notification_text(notification, now=None) -> str:
    """What the bell's list shows: a reminder reworded for the moment it is read, an event
    notice as it was written."""
    if notification.reminder_id:
        return reminder_text(notification.reminder, now)
    return notification.text


def notification_level(notification, now=None) -> str:
    """How the bell's list styles a notice as it is read: only an overdue deadline and an
    escalation look like alarms (issue 25, finding 7: a "…met" notice was styled as one).
    A reminder whose commitment was since met, waived or withdrawn, and a nudge before the
    deadline, are information; event notices are information."""
    if not notification.reminder_id:
        return "info"
    reminder = notification.reminder
    c = reminder.commitment
    if c.state != c.State.OPEN or c.is_paused:
        return "info"
    if reminder.step >= Step.ESCALATION:
        return "danger"
    if c.due_at < (now or timezone.now()):
        return "warning"
    return "info"


def absolute_url(path: str) -> str:
    return settings.ACCORD_BASE_URL.rstrip("/") + path
