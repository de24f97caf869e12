"""Quiet hours: `User.next_working_moment` — when an email to a person may go."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User

LONDON, TOKYO = ZoneInfo("Europe/London"), ZoneInfo("Asia/Tokyo")


def at_london(*parts):
    return datetime(*parts, tzinfo=LONDON)


def person(**fields):
    return User(username="p", time_zone=fields.pop("time_zone", "Europe/London"), **fields)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # Tuesday 07:45 → Tuesday 09:00 (the early reminder)
        (at_london(2026, 11, 24, 7, 45), at_london(2026, 11, 24, 9, 0)),
        # Inside the day: at once
        (
            at_london(2026, 11, 24, 13, 0),
            at_london(2026, 11, 24, 13, 0),
        ),
        # Tuesday 18:00 → Wednesday 09:00
        (at_london(2026, 11, 24, 18, 0), at_london(2026, 11, 25, 9, 0)),
        # Friday 17:45 → Monday 09:00
        (
            at_london(2026, 11, 27, 17, 45),
            at_london(2026, 11, 30, 9, 0),
        ),
        # Saturday → Monday 09:00, across the end of daylight saving does not matter in Nov
        (at_london(2026, 11, 28, 11, 0), at_london(2026, 11, 30, 9, 0)),
    ],
)
def test_email_waits_for_the_working_day(at, expected):
    assert person().next_working_moment(at) == expected


def test_the_working_day_is_the_persons_own_time_zone_and_hours():
    tokyo = person(time_zone="Asia/Tokyo", workday_starts=time(8, 0), workday_ends=time(16, 0))
    at = at_london(2026, 11, 24, 9, 0)  # 18:00 in Tokyo: after their day
    assert tokyo.next_working_moment(at) == datetime(2026, 11, 25, 8, 0, tzinfo=TOKYO)


def test_across_the_clocks_going_forward():
    at = at_london(2027, 3, 27, 12, 0)  # Saturday before the change
    assert person().next_working_moment(at) == at_london(2027, 3, 29, 9, 0)
    assert person().next_working_moment(at).astimezone(LONDON).hour == 9  # BST, not GMT


def test_an_empty_time_zone_is_the_organisations(settings):
    settings.TIME_ZONE = "Europe/London"
    assert person(time_zone="").zone == LONDON
