"""Event notices (commitments.notices): the table of event → who is told, tested row by
row, and how each person is told (in-app at once; email inside their working day, or in
their digest)."""

from datetime import datetime

import pytest
import time_machine

from commitments.models import Notification
from commitments.notices import EVENT_AUDIENCE, notify_event
from outbox.models import OutboundEmail
from tests.clock import LONDON
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Written out by hand, not derived from EVENT_AUDIENCE: who each event of issue 7 reaches on
# a search whose team is recruiter, HR generalist, hiring manager and one interviewer, when
# an outsider names `named`.
EXPECTED = {
    "team.added": {"named"},
    "team.removed": {"named"},
    "agreement.to_sign": {"named"},
    "agreement.sent": {"recruiter", "hr_generalist", "hiring_manager"},
    "agreement.superseded": {"recruiter", "hr_generalist", "hiring_manager"},
    "agreement.active": {"recruiter", "hr_generalist", "hiring_manager"},
    "requisition.declined": {"hr_generalist", "hiring_manager"},
    "requisition.on_hold": {"recruiter", "hr_generalist", "hiring_manager"},
    "requisition.reopened": {"recruiter", "hr_generalist", "hiring_manager"},
    "requisition.filled": {"recruiter", "hr_generalist", "hiring_manager", "interviewer"},
    "requisition.cancelled": {"recruiter", "hr_generalist", "hiring_manager", "interviewer"},
    "intake.scheduled": {"named"},
    "intake.moved": {"named"},
    "intake.cancelled": {"named"},
}


@pytest.mark.parametrize("event", sorted(EXPECTED))
def test_each_event_tells_exactly_its_audience(
    event, requisition, recruiter, hr_generalist, hiring_manager, interviewer
):
    named = UserFactory(username="nadia", role="hiring_manager")
    people = {
        "recruiter": recruiter,
        "hr_generalist": hr_generalist,
        "hiring_manager": hiring_manager,
        "interviewer": interviewer,
        "named": named,
    }
    told = notify_event(
        event=event, requisition=requisition, text="x", url="/", key=f"t:{event}", people=[named]
    )
    reached = {
        who
        for who, person in people.items()
        if Notification.objects.filter(recipient=person, key=f"t:{event}").exists()
    }
    assert reached == EXPECTED[event]
    assert told == len(EXPECTED[event])


def test_every_event_in_the_table_is_tested_here():
    issue_7_events = {
        e
        for e in EVENT_AUDIENCE
        if e.split(".")[0] in {"team", "agreement", "requisition", "intake"}
    }
    assert issue_7_events == set(EXPECTED)


def test_the_actor_is_not_told_of_their_own_act_and_telling_twice_tells_once(
    requisition, recruiter, hr_generalist, hiring_manager
):
    for _ in range(2):
        notify_event(
            event="requisition.on_hold",
            requisition=requisition,
            actor=recruiter,
            text="on hold",
            url="/",
            key="hold-1",
        )
    assert not Notification.objects.filter(recipient=recruiter).exists()
    assert Notification.objects.filter(key="hold-1").count() == 2
    assert OutboundEmail.objects.filter(key__startswith="notice:hold-1:").count() == 2


def test_an_unknown_event_is_refused(requisition):
    with pytest.raises(ValueError, match="EVENT_AUDIENCE"):
        notify_event(event="nope", requisition=requisition, text="x", url="/", key="k")


def test_email_waits_for_the_working_day_and_a_digest_reader_gets_none_now(
    requisition, recruiter, hr_generalist, hiring_manager
):
    hiring_manager.time_zone = "America/New_York"
    hiring_manager.save()
    hr_generalist.reminder_email = "digest"
    hr_generalist.save()
    at = datetime(2026, 11, 24, 7, 45, tzinfo=LONDON)  # before anyone's working day
    with time_machine.travel(at, tick=False):
        notify_event(
            event="agreement.sent",
            requisition=requisition,
            actor=recruiter,
            text="v1 sent",
            url="/",
            key="sent-1",
        )
    manager_email = OutboundEmail.objects.get(key__startswith="notice:sent-1:")
    assert manager_email.to == [hiring_manager.email]
    # 09:00 in New York is 14:00 in London.
    assert manager_email.send_after == datetime(2026, 11, 24, 14, 0, tzinfo=LONDON)
    hr_notice = Notification.objects.get(recipient=hr_generalist, key="sent-1")
    assert hr_notice.awaiting_digest  # in-app now, by email in tomorrow's digest
    assert Notification.objects.get(recipient=hiring_manager, key="sent-1").read_at is None


@pytest.mark.parametrize("first_name", ["Ada", ""])
def test_notice_emails_written_many_at_a_time_read_as_rendering_each(requisition, first_name):
    """NoticeEmails (notify_events: the feedback sweep's prompts) fills templates rendered
    once: the same bytes as rendering both for each email, escaping included."""
    from commitments.notices import NoticeEmails, _notice_email

    person = UserFactory(first_name=first_name, last_name="O'Brien <dev>", email="a@example.com")
    requisition.title = 'Data & "ML" <lead> engineer\'s'
    now = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
    args = {
        "person": person,
        "requisition": requisition,
        "key": "interviews.ended:i1",
        "subject": "Scorecard & <notes>",
        "text": 'Your scorecard for Zoë "Z" <O\'Hara> & co is due',
        "url": "/requisitions/1/interviews/2/scorecard/?a=1&b=2",
        "now": now,
    }
    one, many = _notice_email(**args), NoticeEmails().build(**args)
    assert (many.key, many.to, many.subject, many.send_after) == (
        one.key,
        one.to,
        one.subject,
        one.send_after,
    )
    assert many.text == one.text
    assert many.html == one.html
