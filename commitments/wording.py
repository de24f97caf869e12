"""What a reminder says: what is due, since when, for which search, and where to do it."""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from .business_time import BusinessCalendar
from .models import Step


def _when(moment, requisition) -> str:
    local = timezone.localtime(moment, BusinessCalendar.for_requisition(requisition).zone)
    return date_format(local, "D j M, H:i") + f" ({requisition.time_zone})"


def _overdue(commitment, now) -> str:
    calendar = BusinessCalendar.for_requisition(commitment.requisition)
    hours = calendar.between(commitment.due_at, now).total_seconds() / 3600
    if hours >= 8:
        days = round(hours / 8, 1)
        return f"{days:g} business day{'s' if days != 1 else ''}"
    return f"{max(1, round(hours))} business hour{'s' if round(hours) > 1 else ''}"


def reminder_subject(reminder, now=None) -> str:
    c = reminder.commitment
    title = f"{c.title} · {c.requisition.title}"
    if reminder.step == Step.NUDGE:
        return f"Coming up: {title}"
    if reminder.step == Step.REMINDER:
        return f"Due now: {title}"
    if reminder.recipient_id == c.owner_id:
        return f"Overdue: {title}"
    return f"Overdue on {c.requisition.title}: {c.owner.display_name} — {c.title}"


def reminder_text(reminder, now=None) -> str:
    """One or two sentences; the in-app notification and the email's opening line."""
    now = now or timezone.now()
    c = reminder.commitment
    due = _when(c.due_at, c.requisition)
    since = _when(c.started_at, c.requisition)
    if reminder.step == Step.NUDGE:
        return f"“{c.title}” on {c.requisition.title} is due {due}. Asked since {since}."
    if reminder.step == Step.REMINDER:
        return f"“{c.title}” on {c.requisition.title} is due now ({due}). Asked since {since}."
    late = _overdue(c, now)
    if reminder.recipient_id == c.owner_id:
        return (
            f"“{c.title}” on {c.requisition.title} is {late} overdue (was due {due}). "
            "The other side and HR have been told."
        )
    again = " again" if reminder.step == Step.SECOND_ESCALATION else ""
    return (
        f"{c.owner.display_name} ({c.get_party_display().lower()}) is {late} late{again} with "
        f"“{c.title}” on {c.requisition.title}, due {due}, asked since {since}."
    )


def absolute_url(path: str) -> str:
    return settings.ACCORD_BASE_URL.rstrip("/") + path
