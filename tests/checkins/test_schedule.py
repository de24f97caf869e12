from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from checkins.models import CheckIn, CheckInSeries
from checkins.schedule import roll_forward
from hiring.lifecycle import move_requisition
from outbox.models import OutboundEmail
from tests.calendars import parse_both

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def local(checkin):
    return checkin.starts_at.astimezone(LONDON)


def test_an_active_agreement_makes_eight_weeks_of_weekly_check_ins(requisition, spring, activate):
    activate()
    series = CheckInSeries.objects.get(requisition=requisition)
    assert series.rrule == "FREQ=WEEKLY;BYDAY=MO"
    checkins = list(requisition.checkins.order_by("starts_at"))
    assert len(checkins) == 8
    assert local(checkins[0]) == datetime(2027, 3, 15, 10, tzinfo=LONDON)


def test_the_wall_time_holds_across_both_daylight_saving_changes_and_a_holiday_moves_it(
    requisition, spring, activate
):
    activate()
    checkins = list(requisition.checkins.order_by("starts_at"))
    assert {local(c).time().hour for c in checkins} == {10}
    offsets = {local(c).utcoffset() for c in checkins}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # GMT before 28 March, BST after
    days = [local(c).date() for c in checkins]
    # The early May bank holiday (Monday 3 May) moves to the Tuesday, noted.
    assert date(2027, 5, 3) not in days and date(2027, 5, 4) in days
    may = requisition.checkins.get(starts_at__date=date(2027, 5, 4))
    assert may.recurrence_id.astimezone(LONDON).date() == date(2027, 5, 3)
    assert local(may).hour == 10
    assert "May Day" in may.note
    # Autumn: the clocks go back on 31 October; the check-ins stay at 10:00.
    with time_machine.travel(datetime(2027, 10, 20, 9, tzinfo=LONDON), tick=False):
        roll_forward()
    autumn = requisition.checkins.filter(starts_at__date__gte=date(2027, 10, 25))[:2]
    assert [(local(c).date(), local(c).hour) for c in autumn] == [
        (date(2027, 10, 25), 10),
        (date(2027, 11, 1), 10),
    ]
    assert [local(c).utcoffset() for c in autumn] == [timedelta(hours=1), timedelta(0)]


def test_rolling_forward_twice_changes_nothing(requisition, spring, activate):
    activate()
    with time_machine.travel(SPRING_PLUS(14), tick=False):
        first = roll_forward()
        emails = OutboundEmail.objects.count()
        second = roll_forward()
    assert first == 2 and second == 0
    assert requisition.checkins.count() == 10
    assert OutboundEmail.objects.count() == emails


def SPRING_PLUS(days):  # noqa: N802
    return datetime(2027, 3, 10, 9, tzinfo=LONDON) + timedelta(days=days)


def test_a_new_version_with_another_plan_changes_only_the_future(
    requisition, spring, activate, recruiter
):
    activate()
    with time_machine.travel(SPRING_PLUS(14), tick=False):
        past = requisition.checkins.filter(starts_at__lt=SPRING_PLUS(14))
        past_ids = set(past.values_list("pk", flat=True))
        assert len(past_ids) == 2
        activate(checkin_weekday=3, checkin_time="15:30")
    old, new = CheckInSeries.objects.filter(requisition=requisition).order_by("pk")
    assert old.state == CheckInSeries.State.ENDED and old.until == SPRING_PLUS(14)
    assert new.state == CheckInSeries.State.ACTIVE and new.rrule == "FREQ=WEEKLY;BYDAY=TH"
    # The past stays as it was; the old series' future is cancelled; the new one is Thursdays.
    assert (
        set(old.checkins.filter(state=CheckIn.State.SCHEDULED).values_list("pk", flat=True))
        == past_ids
    )
    assert not old.checkins.filter(state=CheckIn.State.SCHEDULED, starts_at__gt=SPRING_PLUS(14))
    assert {(local(c).weekday(), local(c).hour, local(c).minute) for c in new.checkins.all()} == {
        (3, 15, 30)
    }
    # The old series' update ends its rule (UNTIL) for every attendee's calendar.
    update = OutboundEmail.objects.get(key=f"checkin-series-{old.pk}-seq1-u{recruiter.pk}")
    [event] = parse_both(bytes(update.attachments.get().content)).events
    assert event["rrule"]["UNTIL"]


def test_the_same_plan_in_a_new_version_keeps_the_series(requisition, spring, activate):
    activate()
    activate()
    assert CheckInSeries.objects.filter(requisition=requisition).count() == 1


def test_hold_suspends_and_reopening_resumes(requisition, spring, activate, hiring_manager):
    activate()
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="Budget"
    )
    series = CheckInSeries.objects.get(requisition=requisition)
    assert series.state == CheckInSeries.State.SUSPENDED
    assert not requisition.checkins.filter(state=CheckIn.State.SCHEDULED).exists()
    assert roll_forward() == 0  # a suspended series makes nothing
    with time_machine.travel(SPRING_PLUS(14), tick=False):
        move_requisition(requisition=requisition, to_state="open", moved_by=hiring_manager)
    series.refresh_from_db()
    assert series.state == CheckInSeries.State.ACTIVE and series.until is None
    ahead = requisition.checkins.filter(state=CheckIn.State.SCHEDULED)
    assert ahead.count() == 8
    assert all(c.starts_at > SPRING_PLUS(14) for c in ahead)
    # The two that fell inside the hold stay cancelled.
    assert requisition.checkins.filter(state=CheckIn.State.CANCELLED).count() == 2


def test_closing_the_search_ends_the_schedule(requisition, spring, activate, hiring_manager):
    activate()
    move_requisition(
        requisition=requisition, to_state="cancelled", moved_by=hiring_manager, reason="x"
    )
    series = CheckInSeries.objects.get(requisition=requisition)
    assert series.state == CheckInSeries.State.ENDED
    assert requisition.checkins.filter(state=CheckIn.State.CANCELLED).count() == 8
    assert "check-ins ended (8 cancelled)" in requisition.activities.latest("pk").summary


def test_a_hold_longer_than_the_horizon_leaves_no_phantom_check_ins_in_calendars(
    requisition, spring, activate, hiring_manager
):
    activate()
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="Freeze"
    )
    with time_machine.travel(SPRING_PLUS(7 * 12), tick=False):
        move_requisition(requisition=requisition, to_state="open", moved_by=hiring_manager)
    series = CheckInSeries.objects.get(requisition=requisition)
    # Every rule date of the twelve weeks on hold is a cancelled occurrence (an EXDATE).
    cancelled = requisition.checkins.filter(state=CheckIn.State.CANCELLED)
    assert cancelled.count() == 12
    from checkins.invites import series_events

    [master, *_] = series_events(series)
    assert len(master.exdates) == 12
    assert master.rrule == "FREQ=WEEKLY;BYDAY=MO"  # resumed: no UNTIL any more


def test_a_new_hiring_manager_gets_the_series_and_the_old_one_a_cancellation(
    requisition, spring, activate, hr_generalist, recruiter, hiring_manager
):
    from hiring.team import assign_hiring_team
    from tests.factories import UserFactory

    activate()
    series = CheckInSeries.objects.get(requisition=requisition)
    newcomer = UserFactory(username="nina", first_name="Nina", role="hiring_manager")
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=newcomer,
        interviewers=requisition.interviewers,
    )
    series.refresh_from_db()
    assert series.sequence == 1
    invite = OutboundEmail.objects.get(key=f"checkin-series-{series.pk}-seq1-u{newcomer.pk}")
    [master, *_] = parse_both(bytes(invite.attachments.get().content)).events
    assert str(master["attendee"]) == f"mailto:{newcomer.email}"
    gone = OutboundEmail.objects.get(
        key=f"checkin-series-{series.pk}-cancel-seq1-u{hiring_manager.pk}"
    )
    parsed = parse_both(bytes(gone.attachments.get().content))
    assert parsed.method == "CANCEL"
    assert str(parsed.events[0]["uid"]) == series.uid


def test_the_attendees_are_told_in_the_app_when_the_schedule_is_set(
    requisition, spring, activate, hiring_manager, interviewer
):
    from commitments.models import Notification

    activate()
    told = Notification.objects.filter(text__startswith="Check-ins for")
    assert hiring_manager.pk in set(told.values_list("recipient_id", flat=True))
    assert not told.filter(recipient=interviewer).exists()


def test_an_agreement_signed_while_on_hold_sets_a_suspended_schedule_until_reopened(
    requisition, spring, activate, hiring_manager
):
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="Budget"
    )
    activate()
    series = CheckInSeries.objects.get(requisition=requisition)
    assert series.state == CheckInSeries.State.SUSPENDED
    assert not requisition.checkins.exists()
    assert not OutboundEmail.objects.filter(key__startswith="checkin-").exists()
    assert "starts when the search reopens" in requisition.activities.latest("pk").summary
    move_requisition(requisition=requisition, to_state="open", moved_by=hiring_manager)
    assert requisition.checkins.filter(state=CheckIn.State.SCHEDULED).count() == 8


def test_without_a_leader_on_the_team_accord_organizes_the_invites(
    requisition, spring, activate, recruiter, hiring_manager
):
    from checkins.invites import series_events

    activate()
    series = CheckInSeries.objects.get(requisition=requisition)
    requisition.team_members.filter(role="recruiter").delete()
    series.requisition = requisition.__class__.objects.with_team().get(pk=requisition.pk)
    [master, *_] = series_events(series)
    from email.utils import parseaddr

    from django.conf import settings

    assert master.organizer.email == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


@pytest.mark.parametrize(
    "cadence,rule,days,text",
    [
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", [10, 24, 7], "every other Wednesday"),
        ("monthly", "FREQ=MONTHLY;BYDAY=1WE", [7], "the first Wednesday of the month"),
    ],
)
def test_every_cadence_of_the_plan_is_an_rrule(
    requisition, spring, activate, cadence, rule, days, text
):
    from checkins.series import describe

    activate(checkin_cadence=cadence, checkin_weekday=2)
    series = CheckInSeries.objects.get(requisition=requisition)
    assert series.rrule == rule
    assert describe(series).startswith(text)
    first = [local(c).day for c in requisition.checkins.order_by("starts_at")[:3]]
    assert first == days


@pytest.mark.parametrize("searches", [1, 6])
def test_rolling_forward_costs_the_same_queries_whatever_the_number_of_series(
    searches, recruiter, spring, django_assert_max_num_queries
):
    from tests.factories import RequisitionFactory

    for _ in range(searches):
        search = RequisitionFactory(
            created_by=recruiter, state="open", country="GB", time_zone="Europe/London"
        )
        CheckInSeries.objects.create(
            requisition=search,
            rrule="FREQ=WEEKLY;BYDAY=WE",  # no bank holiday on a Wednesday this spring
            starts_at=datetime(2027, 3, 17, 10, tzinfo=LONDON),
            time_zone="Europe/London",
            channel="video",
            leader_party="recruiter",
            attendee_parties=["recruiter", "hiring_manager"],
        )
    # The batch, its savepoint (2), what exists ahead, the INSERT in a savepoint (3), the
    # horizon's UPDATE, and the next (empty) batch.
    with django_assert_max_num_queries(1 + 2 + 1 + 3 + 1 + 1):
        assert roll_forward() == 7 * searches  # Wednesdays 17 March … 28 April
    assert CheckIn.objects.count() == 7 * searches
    assert roll_forward() == 0
