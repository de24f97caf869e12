"""/healthz: every figure, its threshold, 503 past it; the admins' page of failed sends."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.sweep import sweep
from health.models import Heartbeat, Lease, Pulse
from outbox.mail import queue_email
from outbox.models import OutboundEmail
from tests.clock import MONDAY_10, london
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


def healthy_schedule(now=None):
    now = now or timezone.now()
    Pulse.objects.create(name="sweep", at=now)
    Lease.objects.create(name="beat", holder="b1", expires_at=now, renewed_at=now)
    Heartbeat.objects.create(beat_at=now, worker="w1")


def get_json(client, **params):
    response = client.get(reverse("health:healthz"), {"format": "json", **params})
    return response.status_code, response.json()


def test_a_healthy_system_answers_200_with_every_figure(client):
    healthy_schedule()
    status, body = get_json(client, only="database,schedule,emails")
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database",
        "seconds_since_sweep",
        "sweep_lag_seconds",
        "beat_seconds_since_tick",
        "worker_seconds_since_heartbeat",
        "emails_pending",
        "emails_failed",
        "emails_stuck",
        "emails_oldest_pending_seconds",
    }


def test_the_plain_page_says_ok_or_failing_line_by_line(client):
    response = client.get(reverse("health:healthz"), {"only": "database"})
    assert response.status_code == 200
    assert response.content.decode().splitlines()[:2] == ["ok", "ok   database: ok"]


def test_no_sweep_ever_or_a_silent_beat_is_503(client):
    status, body = get_json(client, only="schedule")
    assert status == 503
    assert not body["checks"]["seconds_since_sweep"]["ok"]
    assert not body["checks"]["beat_seconds_since_tick"]["ok"]


def test_the_sweep_lag_is_the_oldest_due_step_not_yet_written(
    client, requisition, hiring_manager, time_machine
):
    time_machine.move_to(MONDAY_10, tick=False)
    make_commitment(requisition, hiring_manager)  # its nudge is due Tuesday 14:00
    time_machine.move_to(london(24, 14, 0), tick=False)
    healthy_schedule()
    time_machine.move_to(london(24, 14, 10), tick=False)
    Pulse.objects.update(at=timezone.now())
    Lease.objects.update(renewed_at=timezone.now())
    Heartbeat.objects.update(beat_at=timezone.now())
    status, body = get_json(client, only="schedule")
    assert body["checks"]["sweep_lag_seconds"]["value"] == 600
    assert status == 503
    sweep()
    status, body = get_json(client, only="schedule")
    assert (status, body["checks"]["sweep_lag_seconds"]["value"]) == (200, 0)


def test_a_failed_email_and_an_old_pending_one_are_alarms(client):
    email = queue_email(key="h-1", to="a@example.com", subject="S", text="T")
    status, body = get_json(client, only="emails")
    assert status == 200
    assert body["checks"]["emails_pending"]["value"] == 1
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    status, body = get_json(client, only="emails")
    assert status == 503
    assert body["checks"]["emails_oldest_pending_seconds"]["value"] >= 3600
    OutboundEmail.objects.filter(pk=email.pk).update(state="failed")
    status, body = get_json(client, only="emails")
    assert (status, body["checks"]["emails_failed"]["value"]) == (503, 1)


def test_a_broker_that_does_not_answer_is_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    status, body = get_json(client, only="broker")
    assert status == 503
    assert body["checks"]["broker"]["value"] == "down"


def test_admins_see_failed_and_stuck_sends_and_retry_them(client, admin_user):
    failed = queue_email(key="h-2", to="a@example.com", subject="Offer letter", text="T")
    OutboundEmail.objects.filter(pk=failed.pk).update(state="failed", last_error="SMTP 554")
    fine = queue_email(key="h-3", to="b@example.com", subject="All good", text="T")
    client.force_login(admin_user)
    page = client.get(reverse("health:email-list"))
    assert page.status_code == 200
    assert "Offer letter" in page.text and "SMTP 554" in page.text
    assert "All good" not in page.text
    response = client.post(reverse("health:email-retry"), {"email": [failed.pk, fine.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == "pending"
    assert "Every email is on its way" in client.get(reverse("health:email-list")).text


def test_the_email_page_runs_a_constant_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    for n in range(30):
        email = queue_email(key=f"q-{n}", to="a@example.com", subject=f"S{n}", text="T")
        OutboundEmail.objects.filter(pk=email.pk).update(state="failed")
    client.force_login(admin_user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("health:email-list")).status_code == 200


@pytest.mark.parametrize("who", ["recruiter", "hr_generalist", "hiring_manager"])
def test_only_admins_may_see_or_retry_failed_sends(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("health:email-list")).status_code == 403
    assert client.post(reverse("health:email-retry"), {"email": [1]}).status_code == 403
