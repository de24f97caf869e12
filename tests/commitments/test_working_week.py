"""Each search's working week comes from its country; the working hours are the
organisation's; pages show times in the reader's zone, naming it where it is not the
search's (finding 7)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from commitments.business_time import BusinessCalendar, hours_per_day
from commitments.models import Commitment
from tests.factories import make_commitment

JERUSALEM = ZoneInfo("Asia/Jerusalem")


def test_finding_7_a_search_in_israel_works_sunday_to_thursday():
    calendar = BusinessCalendar(time_zone="Asia/Jerusalem", country="IL")
    sunday, friday = date(2026, 11, 29), date(2026, 11, 27)
    assert calendar.is_business_day(sunday)
    assert not calendar.is_business_day(friday) and calendar.is_weekend(friday)
    # Thursday 15:00 plus one business day is Sunday 15:00, not Monday.
    thursday = datetime(2026, 11, 26, 15, tzinfo=JERUSALEM)
    assert calendar.add_hours(thursday, 8) == datetime(2026, 11, 29, 15, tzinfo=JERUSALEM)
    london = BusinessCalendar(time_zone="Europe/London", country="GB")
    assert not london.is_business_day(sunday) and london.is_business_day(friday)


def test_finding_7_the_working_hours_are_an_organisation_setting(settings):
    settings.ACCORD_WORKING_HOURS = (time(8, 0), time(16, 30))
    calendar = BusinessCalendar(time_zone="Europe/London", country="GB")
    assert (calendar.day_start, calendar.day_end, hours_per_day()) == (time(8), time(16, 30), 8.5)
    friday_4pm = datetime(2026, 11, 27, 16, tzinfo=ZoneInfo("Europe/London"))
    # Half an hour left on Friday, the rest from Monday 08:00.
    assert calendar.add_hours(friday_4pm, 1) == datetime(
        2026, 11, 30, 8, 30, tzinfo=ZoneInfo("Europe/London")
    )


@pytest.mark.django_db
def test_finding_7_pages_show_times_in_the_readers_zone_and_name_it_where_it_differs(
    client, requisition, hiring_manager
):
    commitment = make_commitment(requisition, hiring_manager)
    due = datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("Europe/London"))
    Commitment.objects.filter(pk=commitment.pk).update(due_at=due)
    client.force_login(hiring_manager)
    assert requisition.time_zone == "Europe/London"
    at_home = client.get(reverse("insights:home")).text
    assert "Tue 8 Dec, 14:00" in at_home and "14:00 GMT" not in at_home
    hiring_manager.time_zone = "Asia/Tokyo"
    hiring_manager.save(update_fields=["time_zone"])
    abroad = client.get(reverse("insights:home")).text
    assert "Tue 8 Dec, 23:00 JST" in abroad
    assert due + timedelta(0) == commitment.__class__.objects.get(pk=commitment.pk).due_at
