"""/healthz: liveness for anyone; with the health token every figure, its threshold, 503
past it; the admins' page of failed, bounced and stuck sends."""

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

TOKEN = "health-token-for-tests-0123456789"


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.ACCORD_HEALTH_TOKEN = TOKEN


def healthy_schedule(now=None):
    now = now or timezone.now()
    Pulse.objects.create(name="sweep", at=now)
    Lease.objects.create(name="beat", holder="b1", expires_at=now, renewed_at=now)
    Heartbeat.objects.create(beat_at=now, worker="w1")


def get_json(client, **params):
    response = client.get(
        reverse("health:healthz"),
        {"format": "json", **params},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
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
        "retention_still_due",
        "emails_pending",
        "emails_failed",
        "emails_bounced",
        "emails_stuck",
        "emails_oldest_pending_seconds",
    }


def test_the_plain_page_says_ok_or_failing_line_by_line(client):
    response = client.get(
        reverse("health:healthz"),
        {"only": "database"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
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


# --- finding 2: health that alarms only for real and tells strangers nothing ---------------
def test_finding_2_anonymous_callers_get_liveness_only_with_no_error_text_or_host_names(
    client, settings
):
    Lease.objects.create(
        name="beat",
        holder="worker-host-7:4242:abc",
        expires_at=timezone.now(),
        renewed_at=timezone.now(),
    )
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # a broker that is down: not their business
    for params in ({}, {"format": "json"}, {"only": "broker,schedule,emails", "format": "json"}):
        response = client.get(reverse("health:healthz"), params)
        assert response.status_code == 200, params
        assert "worker-host-7" not in response.text and "4242" not in response.text
        assert "broker" not in response.text and "Error" not in response.text
    assert client.get(reverse("health:healthz")).text == "ok\n"
    assert client.get(reverse("health:healthz"), {"format": "json"}).json() == {"status": "ok"}
    wrong = client.get(
        reverse("health:healthz"), {"format": "json"}, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.json() == {"status": "ok"}
    with_token = client.get(
        reverse("health:healthz"), {"format": "json"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert with_token.status_code == 503 and "worker-host-7" in with_token.text


def test_finding_2_a_staff_session_sees_the_figures_without_the_token(client, admin_user, settings):
    settings.ACCORD_HEALTH_TOKEN = ""
    client.force_login(admin_user)
    body = client.get(reverse("health:healthz"), {"format": "json", "only": "emails"}).json()
    assert "emails_failed" in body["checks"]


def test_finding_2_erasing_a_candidate_with_unsent_emails_cancels_them_and_raises_no_alarm(
    client, admin_user
):
    from pipeline.models import Candidate
    from privacy.erasure import erase_candidate

    candidate = Candidate.objects.create(
        name="Jane Doe", email="jane@example.com", created_by=admin_user
    )
    email = queue_email(key="inv-1", to="jane@example.com", subject="Your interview", text="T")
    healthy_schedule()
    erase_candidate(candidate=candidate, by=admin_user)
    email.refresh_from_db()
    assert email.state == "cancelled"
    status, body = get_json(client, only="emails")
    assert status == 200, body
    assert body["checks"]["emails_failed"]["value"] == 0
    # "Retry all" cannot send to the erased address.
    from outbox import delivery

    assert delivery.retry_now([email.pk]) == 0
    email.refresh_from_db()
    assert email.state == "cancelled"


def test_finding_2_a_permanent_refusal_bounces_at_once_tells_sender_and_admins_and_no_alarm(
    client, admin_user, recruiter, django_capture_on_commit_callbacks
):
    import smtplib
    from unittest import mock

    from commitments.models import Notification
    from outbox import delivery

    email = queue_email(
        key="bounce-1", to="nobody@example.com", subject="Interview", text="T", sender=recruiter
    )
    refusal = smtplib.SMTPRecipientsRefused({"nobody@example.com": (550, b"5.1.1 no such user")})
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refusal),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert delivery.send_email(email.pk) == "bounced"
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("bounced", 1)
    assert delivery.send_email(email.pk) == "not claimed"  # never retried
    told = set(
        Notification.objects.filter(key=f"email-bounced:{email.pk}").values_list(
            "recipient", flat=True
        )
    )
    assert told == {recruiter.pk, admin_user.pk}
    healthy_schedule()
    status, body = get_json(client, only="emails")
    assert status == 200 and body["checks"]["emails_bounced"]["value"] == 1
    client.force_login(admin_user)
    page = client.get(reverse("health:email-list"))
    assert "Interview" in page.text and "Refused" in page.text


def test_finding_2_an_admin_dismisses_a_failed_email_with_a_reason_and_the_alarm_ends(
    client, admin_user
):
    healthy_schedule()
    email = queue_email(key="gone-1", to="left@example.com", subject="Reminder", text="T")
    OutboundEmail.objects.filter(pk=email.pk).update(state="failed", last_error="timeout")
    assert get_json(client, only="emails")[0] == 503
    client.force_login(admin_user)
    refused = client.post(reverse("health:email-dismiss"), {"email": [email.pk], "reason": " "})
    assert refused.status_code == 422 and "This field is required" in refused.text
    response = client.post(
        reverse("health:email-dismiss"), {"email": [email.pk], "reason": "address left"}
    )
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.dismiss_reason, email.dismissed_by) == ("address left", admin_user)
    assert get_json(client, only="emails")[0] == 200
    page = client.get(reverse("health:email-list")).text
    assert "Dismissed lately" in page and "address left" in page


def test_transient_failures_are_retried_and_only_failed_after_the_horizon_alarms():
    import smtplib

    from outbox.delivery import is_permanent

    assert is_permanent(smtplib.SMTPRecipientsRefused({"a@x": (550, b"no")}))
    assert is_permanent(smtplib.SMTPDataError(554, b"rejected"))
    assert not is_permanent(smtplib.SMTPRecipientsRefused({"a@x": (450, b"later")}))
    assert not is_permanent(smtplib.SMTPAuthenticationError(535, b"bad credentials"))
    assert not is_permanent(smtplib.SMTPSenderRefused(553, b"from", "a@x"))
    assert not is_permanent(smtplib.SMTPResponseException(421, b"try later"))
    assert not is_permanent(OSError("connection refused"))
