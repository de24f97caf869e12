"""The weekly summary for HR leads: once a week, at the start of their own working day,
with last week's figures and the pairs that slipped; off in their preferences."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from commitments.ledger import meet_commitments
from insights.weekly_summary import queue_weekly_summary, weekly_summaries_due
from outbox.models import OutboundEmail
from tests.clock import LONDON
from tests.factories import UserFactory, make_commitment

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def slipping_week(requisition, recruiter, hiring_manager):
    """Week of Mon 16 Nov: the recruiter's update met on time, the manager's two reviews
    late (one met late, one still overdue)."""
    with time_machine.travel(at(16, 10), tick=False):
        update = make_commitment(
            requisition, recruiter, party="recruiter", kind="status_update", subject=recruiter
        )
        late = make_commitment(requisition, hiring_manager, subject=UserFactory())
        make_commitment(requisition, hiring_manager, subject=UserFactory())
    with time_machine.travel(at(17, 10), tick=False):
        meet_commitments(subject=update.subject, kind=update.kind)
    with time_machine.travel(at(19, 12), tick=False):
        meet_commitments(subject=late.subject, kind=late.kind)


def test_a_lead_gets_last_weeks_figures_and_the_pairs_that_slipped_once(
    slipping_week, hr_lead, recruiter, hiring_manager
):
    hr_lead.time_zone = "America/New_York"
    hr_lead.save()
    # Monday 23 Nov, 09:00 in London is 04:00 in New York: not yet.
    assert hr_lead.pk not in weekly_summaries_due(now=at(23, 9))
    assert hr_lead.pk in weekly_summaries_due(now=at(23, 14, 30))
    email = queue_weekly_summary(user_id=hr_lead.pk, now=at(23, 14, 30))
    assert email.subject == "Accord: the week of 16 Nov — 1 pair slipped"
    assert "Recruiter side: 100% on time (1 of 1)" in email.text
    assert "Hiring manager side: 0% on time (0 of 2), 1 overdue now" in email.text
    assert f"{recruiter.display_name} and {hiring_manager.display_name}" in email.text
    assert "start=2026-11-16&end=2026-11-22" in email.text
    assert "<table" in email.html
    # Written once: a second beat, a retried task, later the same week.
    assert hr_lead.pk not in weekly_summaries_due(now=at(24, 15))
    assert queue_weekly_summary(user_id=hr_lead.pk, now=at(24, 15)) == email
    assert OutboundEmail.objects.filter(key__startswith="weekly-summary").count() == 1


def test_nobody_else_gets_it_and_a_lead_can_turn_it_off(
    client, slipping_week, hr_lead, hr_generalist, recruiter
):
    assert weekly_summaries_due(now=at(23, 10)) == [hr_lead.pk]
    assert queue_weekly_summary(user_id=hr_generalist.pk, now=at(23, 10)) is None
    assert queue_weekly_summary(user_id=recruiter.pk, now=at(23, 10)) is None
    # Only HR leads are offered the choice; turning it off stops it.
    client.force_login(recruiter)
    assert "weekly_summary" not in client.get(reverse("commitments:preferences")).content.decode()
    client.force_login(hr_lead)
    page = client.get(reverse("commitments:preferences")).content.decode()
    assert 'name="weekly_summary"' in page
    response = client.post(
        reverse("commitments:preferences"),
        {
            "reminder_email": "immediate",
            "time_zone": "",
            "workday_starts": "09:00",
            "workday_ends": "17:30",
        },
    )
    assert response.status_code == 302
    hr_lead.refresh_from_db()
    assert hr_lead.weekly_summary is False
    assert weekly_summaries_due(now=at(23, 10)) == []
    assert queue_weekly_summary(user_id=hr_lead.pk, now=at(23, 10)) is None


def test_the_beat_task_enqueues_one_send_per_lead_due(hr_lead, monkeypatch):
    from insights import tasks

    sent = []
    monkeypatch.setattr(tasks.send_weekly_summary, "delay", sent.append)
    with time_machine.travel(at(23, 10), tick=False):
        tasks.send_weekly_summaries()
    assert sent == [hr_lead.pk]
