"""The weekly summary for HR leads: last week's figures on both sides and the pairs that
slipped, by email on Monday at the start of each lead's own working day, through the outbox;
off in "Email and working hours" (`User.weekly_summary`).

Guarantee: at most one per lead and week, whatever the number of beats or retries — the
outbox key names the person and the ISO week (`outbox.mail.queue_email` writes one row per
key). Beat asks every quarter of an hour (`weekly_summaries_due`); a lead whose Monday
working day has not begun yet is asked again later, and one whose Monday passed without it
(Accord down all day) gets it on the next working moment of that week. What it shows is what
the lead may see (`insights.figures`, as on the pages): HR leads see every search.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from commitments.wording import absolute_url
from outbox.mail import queue_email
from outbox.models import OutboundEmail

from .figures import (
    Period,
    Scope,
    checkin_figures,
    commitment_figures,
    pair_rows,
    pulse_figures,
)

SLIPPED_SHOWN = 10


def summary_key(user_id: int, monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"weekly-summary-u{user_id}-{year}-W{week:02d}"


def last_week(person, now: datetime) -> tuple[date, date]:
    """The Monday and Sunday of the week before the one `now` is in, in the person's zone."""
    today = timezone.localtime(now, person.zone).date()
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7), this_monday - timedelta(days=1)


def hr_leads():
    """Active HR generalists with the organisation view (`User.is_hr_lead`), who want it."""
    view_all = Q(user_permissions__codename="view_all_requisitions") | Q(
        groups__permissions__codename="view_all_requisitions"
    )
    return (
        User.objects.filter(is_active=True, role=Role.HR_GENERALIST, weekly_summary=True)
        .exclude(email="")
        .filter(view_all)
        .distinct()
    )


def weekly_summaries_due(now: datetime | None = None) -> list[int]:
    """The leads to write this week's summary for now: inside their working day, this week's
    not written yet. Two queries whatever the number of leads."""
    now = now or timezone.now()
    leads = [p for p in hr_leads() if p.next_working_moment(now) == now]
    keys = {p.pk: summary_key(p.pk, last_week(p, now)[0] + timedelta(days=7)) for p in leads}
    written = set(OutboundEmail.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    return [p.pk for p in leads if keys[p.pk] not in written]


def queue_weekly_summary(*, user_id: int, now: datetime | None = None) -> OutboundEmail | None:
    """Write this week's summary for one HR lead into the outbox (once: see the module's
    guarantee); None for someone who is not a lead, turned it off or has no address."""
    now = now or timezone.now()
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None or not person.weekly_summary or not person.email or not person.is_hr_lead:
        return None
    monday, sunday = last_week(person, now)
    period = Period.between(monday, sunday)
    figures = commitment_figures(person, Scope(), period, now=now)
    slipped = [row for row in pair_rows(person, Scope(), period, now=now) if row.slipped]
    query = f"?period=custom&start={monday:%Y-%m-%d}&end={sunday:%Y-%m-%d}"
    context = {
        "person": person,
        "monday": monday,
        "sunday": sunday,
        "sides": figures.side_rows(),
        "total": figures.total,
        "checkins": checkin_figures(person, Scope(), period, now=now),
        "pulse": pulse_figures(person, Scope(), period),
        "slipped": [
            {
                "row": row,
                "url": absolute_url(
                    reverse("insights:figures-pair", args=[row.recruiter_id, row.manager_id])
                    + query
                ),
            }
            for row in slipped[:SLIPPED_SHOWN]
        ],
        "more_slipped": max(0, len(slipped) - SLIPPED_SHOWN),
        "scoreboard_url": absolute_url(reverse("insights:scoreboard") + query),
        "preferences_url": absolute_url(reverse("commitments:preferences")),
    }
    pairs = f"{len(slipped)} pair{'s' if len(slipped) != 1 else ''} slipped"
    return queue_email(
        key=summary_key(person.pk, monday + timedelta(days=7)),
        to=person.email,
        subject=f"Accord: the week of {monday:%-d %b} — {pairs}",
        text=render_to_string("emails/weekly_summary.txt", context),
        html=render_to_string("emails/weekly_summary.html", context),
    )
