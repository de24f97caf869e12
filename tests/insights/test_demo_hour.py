"""The demo after an hour of `make run`: what the hiring manager finds unread (issue 25,
findings 7 and 9: seventeen after an hour before). Simulated: the demo seeded at `present`,
then beat's work over the next hour — the reminder ladder at each moment a step fell due,
the feedback and check-in records owed, the hourly status-update requests — on a clock
moved to an hour later."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from checkins.records import open_due_records
from checkins.status_requests import request_status_updates
from commitments.demo import replay_the_ladder
from commitments.models import Notification
from hiring.demo import DemoClock
from insights.management.commands.seed_demo import seed
from interviews.feedback import open_feedback_commitments

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PRESENTS = [
    datetime(2026, 12, 8, 13, 0, tzinfo=LONDON),  # Tuesday, after the check-in
    datetime(2026, 12, 11, 16, 0, tzinfo=LONDON),  # Friday afternoon
]


def unread_after_an_hour(present):
    with time_machine.travel(present, tick=False):
        seed()
    later = present + timedelta(hours=1)
    with time_machine.travel(later, tick=False) as traveller:
        replay_the_ladder(DemoClock(traveller, later))
        open_feedback_commitments()
        open_due_records()
        request_status_updates()
    return list(
        Notification.objects.filter(recipient__username="manager", read_at=None).order_by(
            "created_at"
        )
    )


@pytest.mark.slow
@pytest.mark.parametrize("present", PRESENTS, ids=["tuesday-13", "friday-16"])
def test_the_demo_hiring_manager_has_a_handful_unread_after_an_hour(present, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    unread = unread_after_an_hour(present)
    print(f"\n{present:%a %H:%M}: {len(unread)} unread for the hiring manager")
    for notice in unread:
        print(f"  {notice.created_at.astimezone(LONDON):%a %d %b %H:%M} {notice.text[:110]}")
    assert len(unread) <= 6
