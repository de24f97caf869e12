from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from checkins.models import ActionItem, CheckIn
from commitments.models import Commitment
from outbox.models import OutboundEmail
from tests.calendars import parse_both

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AFTER_FIRST = datetime(2027, 3, 15, 11, 0, tzinfo=LONDON)


@pytest.fixture
def first(requisition, spring, activate):
    activate()
    spring.move_to(AFTER_FIRST)
    return requisition.checkins.order_by("starts_at").first()


def record_data(hiring_manager, **extra):
    return {
        "outcome": "held",
        "progress": "Six in screening",
        "blockers": "No interview slots next week",
        "missed_reason": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "10",
        "items-0-text": "Free two interview slots",
        "items-0-owner": str(hiring_manager.pk),
        "items-0-due_on": "2027-03-18",
        **extra,
    }


def test_the_tab_shows_next_check_in_and_its_calendar(
    client, requisition, spring, activate, recruiter, django_assert_max_num_queries
):
    activate()
    client.force_login(recruiter)
    url = reverse("checkins:requisition-checkins", args=[requisition.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Monday 15 March, 10:00" in text
    assert "Add to calendar" in text
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "checkins-tab" in partial.content.decode()
    ics = client.get(reverse("checkins:series-ics", args=[requisition.pk]))
    [event, *overrides] = parse_both(ics.content).events
    assert event["rrule"]["BYDAY"] == ["MO"]
    assert overrides  # the May Day bank holiday, moved to the Tuesday


def test_recording_a_held_check_in_with_an_action_item_through_the_page(
    client, first, recruiter, hiring_manager
):
    client.force_login(recruiter)
    url = reverse("checkins:checkin-record", args=[first.pk])
    assert client.get(url).status_code == 200
    bad = record_data(hiring_manager, **{"items-0-owner": ""})
    response = client.post(url, bad)
    assert response.status_code == 422 and "Name who does it." in response.content.decode()
    assert not ActionItem.objects.exists()
    response = client.post(url, record_data(hiring_manager))
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.owner == hiring_manager
    # The hiring manager marks it done on its page with a note.
    client.force_login(hiring_manager)
    item_url = reverse("checkins:action-item", args=[item.pk])
    assert client.post(item_url, {"note": ""}).status_code == 422
    assert client.post(item_url, {"note": "Thursday 14:00 and 15:00"}).status_code == 302
    assert Commitment.objects.get(kind="action_item").state == Commitment.State.MET
    # And gives the pulse.
    pulse = reverse("checkins:checkin-pulse", args=[first.pk])
    assert client.post(pulse, {"score": "9"}).status_code == 422
    assert client.post(pulse, {"score": "4", "comment": "Good"}).status_code == 302
    assert first.pulse_answers.get().score == 4


def test_a_check_in_whose_time_has_come_is_recorded_not_cancelled(client, first, recruiter):
    client.force_login(recruiter)
    url = reverse("checkins:checkin-cancel", args=[first.pk])
    assert client.post(url, {"reason": "Forgot"}).status_code == 403
    first.refresh_from_db()
    assert first.state == CheckIn.State.SCHEDULED


def test_missed_without_a_reason_is_refused_with_a_message(client, first, recruiter):
    client.force_login(recruiter)
    url = reverse("checkins:checkin-record", args=[first.pk])
    response = client.post(url, {**record_data(recruiter), "outcome": "missed"})
    assert response.status_code == 422
    assert "Say why" in response.content.decode()
    first.refresh_from_db()
    assert first.state == CheckIn.State.SCHEDULED


def test_moving_one_occurrence_sends_an_update_and_cancelling_a_cancel(
    client, requisition, spring, activate, recruiter, hiring_manager
):
    activate()
    client.force_login(recruiter)
    second, third = requisition.checkins.order_by("starts_at")[1:3]
    response = client.post(
        reverse("checkins:checkin-move", args=[second.pk]),
        {"date": "2027-03-23", "time": "14:00", "reason": "Hiring manager travels"},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.starts_at == datetime(2027, 3, 23, 14, tzinfo=LONDON)
    update = OutboundEmail.objects.get(key=f"checkin-{second.pk}-seq1-u{hiring_manager.pk}")
    parsed = parse_both(bytes(update.attachments.get().content))
    assert parsed.method == "REQUEST"
    [event] = parsed.events
    assert event.decoded("recurrence-id") == second.recurrence_id
    assert event["sequence"] == 1
    assert str(event["attendee"]) == f"mailto:{hiring_manager.email}"
    response = client.post(reverse("checkins:checkin-cancel", args=[third.pk]), {"reason": ""})
    assert response.status_code == 422
    client.post(reverse("checkins:checkin-cancel", args=[third.pk]), {"reason": "Offsite"})
    cancel = OutboundEmail.objects.get(key=f"checkin-{third.pk}-cancel-seq1-u{hiring_manager.pk}")
    parsed = parse_both(bytes(cancel.attachments.get().content))
    assert parsed.method == "CANCEL"
    assert parsed.events[0]["status"] == "CANCELLED"


def test_a_move_into_the_spring_gap_is_refused(client, requisition, spring, activate, recruiter):
    activate()
    client.force_login(recruiter)
    checkin = requisition.checkins.order_by("starts_at").first()
    response = client.post(
        reverse("checkins:checkin-move", args=[checkin.pk]),
        {"date": "2027-03-28", "time": "01:30", "reason": "Early"},
    )
    assert response.status_code == 422


def test_the_series_invite_names_only_its_recipient(requisition, spring, activate, recruiter):
    activate()
    series = requisition.checkin_series.get()
    emails = OutboundEmail.objects.filter(key__startswith=f"checkin-series-{series.pk}-seq0-")
    assert emails.count() == 3
    for email in emails:
        [master, *_] = parse_both(bytes(email.attachments.get().content)).events
        attendees = master["attendee"]
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert [str(a) for a in attendees] == [f"mailto:{email.to[0]}"]


def test_hr_reads_every_pulse_answer_with_its_author_the_others_only_their_own(
    client, first, recruiter, hiring_manager, hr_generalist
):
    from checkins.records import answer_pulse, record_checkin

    record_checkin(checkin=first, recorded_by=recruiter, held=True, progress="ok")
    first.refresh_from_db()
    answer_pulse(checkin=first, person=recruiter, score=4, comment="Quick answers")
    answer_pulse(checkin=first, person=hiring_manager, score=2, comment="Too few CVs")
    url = reverse("checkins:checkin-detail", args=[first.pk])
    client.force_login(hr_generalist)
    text = client.get(url).content.decode()
    assert "Quick answers" in text and "Too few CVs" in text
    client.force_login(hiring_manager)
    text = client.get(url).content.decode()
    assert "Too few CVs" in text and "Quick answers" not in text


def test_the_tab_takes_the_same_queries_for_one_or_six_records(
    client, requisition, spring, activate, recruiter, hiring_manager
):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from checkins.records import ActionItemDraft, answer_pulse, record_checkin

    activate()
    spring.move_to(datetime(2027, 4, 20, 9, tzinfo=LONDON))
    past = list(requisition.checkins.filter(starts_at__lt=datetime(2027, 4, 20, tzinfo=LONDON)))
    assert len(past) == 6

    def record(checkin):
        record_checkin(
            checkin=checkin,
            recorded_by=recruiter,
            held=True,
            progress="ok",
            action_items=[ActionItemDraft("Call back", hiring_manager, date(2027, 4, 30))],
        )
        checkin.refresh_from_db()
        answer_pulse(checkin=checkin, person=recruiter, score=4)
        answer_pulse(checkin=checkin, person=hiring_manager, score=3)

    client.force_login(recruiter)
    url = reverse("checkins:requisition-checkins", args=[requisition.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    record(past[0])
    queries()  # the first request of a session writes it
    one = queries()
    for checkin in past[1:]:
        record(checkin)
    assert queries() == one
