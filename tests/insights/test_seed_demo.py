import re
from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from checkins.models import CheckIn
from commitments.models import Commitment, Notification
from hiring.models import Activity, Requisition
from insights.management.commands.seed_demo import seed
from intake.models import Agreement, IntakeSession
from interviews.models import Interview, Scorecard
from outbox.models import OutboundEmail

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# "Tue 08 Dec 2026, 10:00", "Wed 4 Nov 2026, 10:00", "Mon 14 Dec 2026": what a notice, an
# invite's subject or a journal line announces.
ANNOUNCED = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})(?:, (\d{2}):(\d{2}))?"
)


@pytest.mark.slow
def test_seed_demo_loads_every_apps_demo_data_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)

    assert "Demo data loaded." in out.getvalue()
    assert "Demo data already loaded." in out.getvalue()
    assert User.objects.filter(username__in=["recruiter", "hr", "manager"]).count() == 3
    assert Requisition.objects.count() == 4
    # The demo's commitments are real ones, opened by the domain functions that owe them.
    assert Commitment.objects.filter(title__startswith="Review Priya Nair").count() == 1


def _announced(text):
    """The moments a text announces (a date alone is its end of day)."""
    for day, month, year, hour, minute in ANNOUNCED.findall(text):
        moment = datetime.strptime(f"{day} {month} {year}", "%d %b %Y").replace(tzinfo=LONDON)
        yield (
            moment.replace(hour=int(hour), minute=int(minute))
            if hour
            else moment.replace(hour=23, minute=59)
        )


@pytest.mark.slow
@pytest.mark.parametrize(
    "present",
    [
        datetime(2026, 12, 7, 12, 0, tzinfo=LONDON),  # a Monday at noon
        datetime(2026, 12, 12, 20, 30, tzinfo=LONDON),  # a Saturday evening
    ],
    ids=["monday-noon", "saturday-evening"],
)
def test_finding_9_the_demo_has_a_past_that_hangs_together(present, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(present, tick=False):
        seed()

    # Searches opened weeks ago have been open for weeks ("Days open 0" everywhere before).
    for requisition in Requisition.objects.exclude(state="draft"):
        end = requisition.closed_at or present
        assert (end - requisition.opened_at).days >= 14, requisition.title
    assert Requisition.objects.get(title="Senior Backend Engineer").opened_at < present - (
        timedelta(weeks=5)
    )

    # The journal is written at the times things happened, over weeks, not in one minute.
    times = list(Activity.objects.values_list("created_at", flat=True))
    assert max(times) - min(times) > timedelta(weeks=6)
    assert max(times) <= present
    assert len({t.date() for t in times}) >= 20
    assert Counter(t.replace(second=0, microsecond=0) for t in times).most_common(1)[0][1] <= 12

    # An intake is held before the agreement it produced comes into force, not after.
    for session in IntakeSession.objects.exclude(held_at=None):
        assert session.starts_at <= session.held_at <= session.starts_at + timedelta(hours=3)
        activated = Agreement.objects.get(requisition=session.requisition, version=1)
        assert session.held_at < activated.activated_at <= present

    # Check-ins were recorded on their day, scorecards after their interview.
    for checkin in CheckIn.objects.exclude(recorded_at=None):
        assert checkin.ends_at <= checkin.recorded_at <= checkin.ends_at + timedelta(hours=4)
    for card in Scorecard.objects.exclude(submitted_at=None).select_related("interview"):
        assert card.interview.ends_at <= card.submitted_at <= present
    interviews = Interview.objects.all()
    assert interviews.filter(ends_at__lt=present).count() >= 5
    assert interviews.filter(starts_at__gt=present).exists()  # and one still to come

    # No notice or invite announces, as still to come, a date already past when written.
    announcements = [
        (n.created_at, n.text)
        for n in Notification.objects.filter(reminder=None).exclude(text__contains="overdue")
    ] + [(e.created_at, e.subject) for e in OutboundEmail.objects.exclude(key__startswith="r")]
    stale = [
        f"{timezone.localtime(written, LONDON):%a %d %b %H:%M}: {text}"
        for written, text in announcements
        for moment in _announced(text)
        if moment < written
    ]
    assert stale == []
    # What is new on the bell is what happened lately, never a meeting long gone.
    for notice in Notification.objects.filter(read_at=None):
        assert notice.created_at > present - timedelta(days=4), notice.text
        assert all(moment > present for moment in _announced(notice.text)) or notice.reminder_id
    # What the mail server would have delivered by now was delivered back then.
    assert not OutboundEmail.objects.filter(state="pending", send_after__lte=present).exists()
