from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.business_time import BusinessCalendar
from tests.examples import examples

LONDON = BusinessCalendar("Europe/London", "GB")
NEW_YORK = BusinessCalendar("America/New_York", "US")
CALENDARS = [LONDON, NEW_YORK, BusinessCalendar("Asia/Tokyo", "JP"), BusinessCalendar("UTC", "ZZ")]


def at(cal, *args):
    return datetime(*args, tzinfo=ZoneInfo(cal.time_zone))


def test_two_business_days_from_tuesday_afternoon_is_thursday_afternoon():
    assert LONDON.add_hours(at(LONDON, 2026, 11, 24, 15), 16) == at(LONDON, 2026, 11, 26, 15)


def test_a_friday_request_skips_the_weekend():
    assert LONDON.add_hours(at(LONDON, 2026, 11, 27, 16), 2) == at(LONDON, 2026, 11, 30, 10)


def test_work_asked_at_night_starts_counting_next_morning():
    assert LONDON.add_hours(at(LONDON, 2026, 11, 24, 22), 8) == at(LONDON, 2026, 11, 25, 17)
    assert LONDON.add_hours(at(LONDON, 2026, 11, 24, 6), 1) == at(LONDON, 2026, 11, 24, 10)


def test_public_holidays_of_the_requisitions_country_do_not_count():
    # 24 Dec 2026 is a Thursday; 25 Dec, then Boxing Day observed on Monday 28 Dec.
    assert LONDON.add_hours(at(LONDON, 2026, 12, 24, 15), 16) == at(LONDON, 2026, 12, 30, 15)
    # Thanksgiving 2026 is Thursday 26 Nov in the US, an ordinary day in the UK.
    assert NEW_YORK.add_hours(at(NEW_YORK, 2026, 11, 25, 9), 16) == at(NEW_YORK, 2026, 11, 27, 17)


def test_daylight_saving_change_keeps_eight_working_hours():
    # Clocks go back in London on Sunday 25 Oct 2026.
    friday = at(LONDON, 2026, 10, 23, 13)
    monday = LONDON.add_hours(friday, 8)
    assert monday == at(LONDON, 2026, 10, 26, 13)
    real = monday.astimezone(UTC) - friday.astimezone(UTC)
    assert real == timedelta(days=3, hours=1)  # one more real hour over the weekend
    # And forward in New York on Sunday 8 Mar 2026.
    assert NEW_YORK.add_hours(at(NEW_YORK, 2026, 3, 6, 16), 2) == at(NEW_YORK, 2026, 3, 9, 10)


def test_end_of_day_is_five_pm_local_or_the_next_business_day():
    assert LONDON.end_of_day(at(LONDON, 2026, 11, 27, 11)) == at(LONDON, 2026, 11, 27, 17)
    assert LONDON.end_of_day(at(LONDON, 2026, 11, 28, 11)) == at(LONDON, 2026, 11, 30, 17)
    assert LONDON.end_of_day(at(LONDON, 2026, 11, 27, 18)) == at(LONDON, 2026, 11, 30, 17)


def test_between_counts_only_business_hours():
    assert LONDON.between(at(LONDON, 2026, 11, 27, 16), at(LONDON, 2026, 11, 30, 10)) == timedelta(
        hours=2
    )
    assert LONDON.between(at(LONDON, 2026, 11, 30, 10), at(LONDON, 2026, 11, 27, 16)) == timedelta(
        0
    )


def test_an_unknown_country_has_no_holidays_but_still_weekends():
    cal = BusinessCalendar("UTC", "ZZ")
    assert cal.is_business_day(date(2026, 12, 25))
    assert not cal.is_business_day(date(2026, 12, 26))


moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
hours = st.integers(min_value=0, max_value=24 * 8).map(lambda h: timedelta(hours=h)) | st.integers(
    min_value=0, max_value=60 * 200
).map(lambda m: timedelta(minutes=m))


def _inside_business_hours(cal, moment):
    local = moment.astimezone(cal.zone)
    t = local.time()
    return (
        cal.is_business_day(local.date())
        and (t.hour, t.minute) >= (9, 0)
        and ((t.hour, t.minute, t.second) <= (17, 0, 0))
    )


@settings(max_examples=examples(300), deadline=None)
@given(start=moments, amount=hours, cal=st.sampled_from(CALENDARS))
def test_adding_business_time_lands_in_business_hours_and_measures_back(start, amount, cal):
    end = cal.add(start, amount)
    assert _inside_business_hours(cal, end)
    assert cal.between(start, end) == amount
    assert end >= start


@settings(max_examples=examples(200), deadline=None)
@given(start=moments, a=hours, b=hours, cal=st.sampled_from(CALENDARS))
def test_more_business_time_is_never_earlier(start, a, b, cal):
    small, large = sorted([a, b])
    assert cal.add(start, small) <= cal.add(start, large)
    assert cal.add(cal.add(start, small), large - small) == cal.add(start, large) or small == large


@settings(max_examples=examples(200), deadline=None)
@given(end=moments, amount=hours, cal=st.sampled_from(CALENDARS))
def test_subtracting_is_the_mirror_of_adding(end, amount, cal):
    start = cal.subtract(end, amount)
    assert _inside_business_hours(cal, start)
    assert cal.between(start, end) == amount
    assert start <= end


@pytest.mark.parametrize("cal", CALENDARS, ids=lambda c: c.time_zone)
def test_every_result_is_timezone_aware(cal):
    assert cal.add_hours(datetime(2026, 1, 5, 12, tzinfo=UTC), 3).tzinfo is not None
