from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from checkins.feed import feed_for, reset_feed
from checkins.models import CalendarFeed
from intake.models import IntakeSession
from tests.calendars import parse_both
from tests.checkins.agreements import activate_agreement
from tests.factories import RequisitionFactory, TeamRole, make_commitment, put_on_team

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def feed_url(user):
    return reverse("checkins:calendar-feed", args=[feed_for(user).token])


def uids(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["uid"]) for e in parse_both(response.content).events}


@pytest.fixture
def agency_search(agency_recruiter, hr_generalist, hiring_manager, spring):
    """Another search, on which the agency recruiter is the recruiter."""
    other = RequisitionFactory(state="open", title="Data Engineer")
    put_on_team(other, agency_recruiter, TeamRole.RECRUITER)
    put_on_team(other, hr_generalist, TeamRole.HR_GENERALIST)
    put_on_team(other, hiring_manager, TeamRole.HIRING_MANAGER)
    activate_agreement(
        other,
        recruiter=agency_recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
    )
    return other


def test_the_feed_lists_check_ins_intake_and_own_deadlines_only(
    client, requisition, spring, activate, recruiter, hiring_manager, interviewer
):
    activate()
    series = requisition.checkin_series.get()
    session = IntakeSession.objects.create(
        requisition=requisition,
        starts_at=datetime(2027, 3, 11, 9, tzinfo=LONDON),
        scheduled_by=recruiter,
    )
    session.attendees.set([recruiter, hiring_manager])
    mine = make_commitment(requisition, recruiter, party="recruiter", title="Present shortlist")
    theirs = make_commitment(requisition, hiring_manager, title="Review Jane")

    found = uids(client.get(feed_url(recruiter)))
    assert series.uid in found
    assert session.uid in found
    assert f"commitment-{mine.pk}@accord" in found
    assert f"commitment-{theirs.pk}@accord" not in found
    # An interviewer is not at the check-ins nor the intake.
    assert uids(client.get(feed_url(interviewer))) == set()


def test_an_agency_recruiters_feed_holds_only_their_searches(
    client, requisition, spring, activate, agency_recruiter, hiring_manager, agency_search
):
    activate()
    theirs = agency_search.checkin_series.get().uid
    ours = requisition.checkin_series.get().uid
    from commitments.models import Commitment

    owes = list(Commitment.objects.open().owed_by(agency_recruiter))
    owed = {f"commitment-{c.pk}@accord" for c in owes}
    assert owed and all(c.requisition_id == agency_search.pk for c in owes)
    assert uids(client.get(feed_url(agency_recruiter))) == {theirs, *owed}
    assert {theirs, ours} <= uids(client.get(feed_url(hiring_manager)))
    # Taken off the search: its events leave the feed at the next refresh.
    agency_search.team_members.filter(user=agency_recruiter).delete()
    assert ours not in uids(client.get(feed_url(agency_recruiter)))
    assert uids(client.get(feed_url(agency_recruiter))) == set()


def test_each_person_sees_only_themselves_as_attendee(client, requisition, spring, activate):
    activate()
    hm = requisition.hiring_manager
    content = client.get(feed_url(hm)).content.decode()
    assert f"mailto:{hm.email}" in content
    assert f"mailto:{requisition.hr_generalist.email}" not in content


def test_resetting_the_token_retires_the_old_url(client, recruiter):
    old = feed_url(recruiter)
    assert client.get(old).status_code == 200
    reset_feed(user=recruiter)
    assert client.get(old).status_code == 404
    assert client.get(feed_url(recruiter)).status_code == 200
    client.force_login(recruiter)
    before = CalendarFeed.objects.get(user=recruiter).token
    assert client.post(reverse("checkins:calendar-reset")).status_code == 302
    assert CalendarFeed.objects.get(user=recruiter).token != before
    page = client.get(reverse("checkins:calendar-settings"))
    assert CalendarFeed.objects.get(user=recruiter).token in page.content.decode()


def test_a_wrong_token_is_404(client, recruiter):
    token = feed_for(recruiter).token
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "x" * 200):
        assert client.get(reverse("checkins:calendar-feed", args=[wrong])).status_code == 404


def test_an_unchanged_feed_answers_304_and_a_change_a_new_etag(
    client, requisition, spring, activate, recruiter
):
    activate()
    url = feed_url(recruiter)
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    spring.shift(timedelta(minutes=5))  # a new DTSTAMP alone changes nothing
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_commitment(requisition, recruiter, party="recruiter", title="Something new")
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_an_interviewers_feed_holds_their_interviews_with_the_invites_uid(
    client, requisition, spring, activate, recruiter, interviewer
):
    from interviews.models import Interview
    from tests.pipeline.helpers import screened

    activate()
    application = screened(requisition, recruiter)
    interview = Interview.objects.create(
        requisition=requisition,
        application=application,
        stage_index=0,
        stage_name="Technical",
        starts_at=datetime(2027, 3, 12, 14, tzinfo=LONDON),
        ends_at=datetime(2027, 3, 12, 15, tzinfo=LONDON),
        location="Room 4",
        scheduled_by=recruiter,
    )
    interview.interviewers.set([interviewer])
    assert uids(client.get(feed_url(interviewer))) == {interview.uid}
    assert interview.uid not in uids(client.get(feed_url(recruiter)))


def test_the_feed_costs_the_same_number_of_queries_for_many_searches(
    client, spring, recruiter, hr_generalist, hiring_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_search():
        search = RequisitionFactory(state="open")
        put_on_team(search, recruiter, TeamRole.RECRUITER)
        put_on_team(search, hr_generalist, TeamRole.HR_GENERALIST)
        put_on_team(search, hiring_manager, TeamRole.HIRING_MANAGER)
        activate_agreement(
            search, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_search()
    url = feed_url(recruiter)
    one = queries()
    add_search()
    add_search()
    assert queries() == one


def test_a_schedule_set_while_on_hold_is_not_in_the_feed_until_it_starts(
    client, requisition, spring, activate, recruiter, hiring_manager
):
    from hiring.lifecycle import move_requisition

    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hiring_manager, reason="Budget"
    )
    activate()
    series = requisition.checkin_series.get()
    assert series.uid not in uids(client.get(feed_url(recruiter)))
    client.force_login(recruiter)
    ics = reverse("checkins:series-ics", args=[requisition.pk])
    assert client.get(ics).status_code == 404
    move_requisition(requisition=requisition, to_state="open", moved_by=hiring_manager)
    assert series.uid in uids(client.get(feed_url(recruiter)))
    assert client.get(ics).status_code == 200


def test_the_feed_covers_30_days_back_and_180_ahead(
    client, requisition, spring, activate, recruiter, interviewer
):
    from interviews.models import Interview
    from tests.pipeline.helpers import screened

    activate()
    application = screened(requisition, recruiter)
    now = datetime(2027, 3, 10, 9, tzinfo=LONDON)
    made = {}
    for label, days in [("old", -31), ("recent", -29), ("soon", 170), ("far", 181)]:
        interview = Interview.objects.create(
            requisition=requisition, application=application, stage_index=0,
            stage_name="Technical", starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=1), location="Room 4",
            scheduled_by=recruiter,
        )  # fmt: skip
        interview.interviewers.set([interviewer])
        made[label] = interview.uid
    found = uids(client.get(feed_url(interviewer)))
    assert {made["recent"], made["soon"]} <= found
    assert not {made["old"], made["far"]} & found


def test_a_304_costs_two_queries_and_every_kind_of_change_gives_a_new_etag(
    client, requisition, spring, activate, recruiter, interviewer, django_assert_num_queries
):
    from checkins.schedule import cancel_checkin
    from commitments.ledger import meet_commitments
    from commitments.models import Commitment
    from interviews.models import Interview
    from interviews.scheduling import reschedule_interview
    from tests.pipeline.helpers import screened

    activate()
    url = feed_url(recruiter)
    application = screened(requisition, recruiter)
    interview = Interview.objects.create(
        requisition=requisition, application=application, stage_index=0, stage_name="Technical",
        starts_at=datetime(2027, 3, 12, 14, tzinfo=LONDON),
        ends_at=datetime(2027, 3, 12, 15, tzinfo=LONDON), location="Room 4",
        scheduled_by=recruiter,
    )  # fmt: skip
    interview.interviewers.set([recruiter])
    deadline = make_commitment(requisition, recruiter, party="recruiter", title="Shortlist")
    seen = set()

    def etag_now():
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(2):  # the token, the stamp
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert etag not in seen, "the change left the ETag as it was"
        seen.add(etag)

    etag_now()
    reschedule_interview(
        interview=interview, starts_at=interview.starts_at + timedelta(hours=1),
        ends_at=interview.ends_at + timedelta(hours=1), location="Room 5", notes="",
        interviewers=[recruiter], changed_by=recruiter,
    )  # fmt: skip
    etag_now()
    checkin = requisition.checkins.order_by("starts_at").first()
    cancel_checkin(checkin=checkin, cancelled_by=recruiter, reason="Away")  # a check-in off
    etag_now()
    Commitment.objects.filter(pk=deadline.pk).update(due_at=deadline.due_at + timedelta(days=1))
    etag_now()  # a deadline moved (a search reopened)
    meet_commitments(subject=requisition, kind=deadline.kind)  # a deadline met
    etag_now()
    requisition.title = "Principal Engineer"
    requisition.save()  # the search renamed: every summary says so
    etag_now()
