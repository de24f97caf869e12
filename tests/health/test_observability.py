"""Logs an operator can use (time, level, logger, request id, user id; JSON lines), the
request id from the response header to the worker's log, optional Sentry / OpenTelemetry,
and /metrics behind the health token."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from config.observability import (
    TEXT_FORMAT,
    ContextFilter,
    JsonFormatter,
    request_id_var,
    start_error_reporting,
    start_tracing,
)

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-0123456789abcdef"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(ContextFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    handler = Collect()
    logger = logging.getLogger("accord.probe")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_finding_5_each_response_names_its_request_and_log_lines_carry_it_with_the_user(
    client, rf, recruiter, collected
):
    from config.observability import RequestIdMiddleware

    def view(request):
        request._cached_user = recruiter  # what AuthenticationMiddleware leaves
        logging.getLogger("accord.probe").info("serving")
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(rf.get("/", headers={"X-Request-ID": "proxy-id-42abc"}))
    assert response["X-Request-ID"] == "proxy-id-42abc"
    [record] = collected.records
    assert (record.request_id, record.user_id) == ("proxy-id-42abc", str(recruiter.pk))
    assert request_id_var.get() == "-"  # nothing leaks into the next request
    # Through the whole stack, a bad offered id is replaced by a fresh one.
    fresh = client.get(reverse("health:healthz"), headers={"X-Request-ID": "bad id with spaces"})
    assert len(fresh["X-Request-ID"]) == 32 and " " not in fresh["X-Request-ID"]


def test_finding_5_text_and_json_lines_have_time_level_logger_request_and_user():
    record = logging.LogRecord("accord.probe", logging.WARNING, __file__, 1, "queue %s", (5,), None)
    token = request_id_var.set("req-123456")
    try:
        ContextFilter().filter(record)
    finally:
        request_id_var.reset(token)
    text = logging.Formatter(TEXT_FORMAT).format(record)
    assert "WARNING accord.probe [request req-123456 user -] queue 5" in text
    assert text[:4].isdigit()  # starts with the time
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "accord.probe"
    assert entry["message"] == "queue 5" and entry["request_id"] == "req-123456"
    assert entry["time"].endswith("Z") and entry["user_id"] == "-"


@pytest.mark.slow
def test_finding_5_the_processes_log_json_lines_when_asked():
    probe = (
        "import logging, django; django.setup(); logging.getLogger('accord.probe').warning('hello')"
    )
    env = {**os.environ, "ACCORD_LOG_JSON": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    line = [ln for ln in result.stderr.splitlines() if "hello" in ln][-1]
    entry = json.loads(line)
    assert {"time", "level", "logger", "message", "request_id", "user_id"} <= set(entry)


def test_a_task_enqueued_by_a_request_logs_under_that_request_id():
    from celery.signals import before_task_publish, task_postrun, task_prerun

    headers = {}
    token = request_id_var.set("req-abcdef12")
    try:
        before_task_publish.send(sender="outbox.tasks.send_email", headers=headers, body=())
    finally:
        request_id_var.reset(token)
    assert headers["accord_request_id"] == "req-abcdef12"

    class Task:
        class request:  # noqa: N801 — what Celery's task.request offers
            @staticmethod
            def get(key):
                return headers.get(key)

    task = Task()
    task_prerun.send(sender=task, task_id="t-1", task=task)
    try:
        assert request_id_var.get() == "req-abcdef12"
    finally:
        task_postrun.send(sender=task, task_id="t-1", task=task)
    assert request_id_var.get() == "-"


def test_error_reporting_and_tracing_are_off_unless_configured(monkeypatch):
    monkeypatch.delenv("SENTRY_DSN", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert start_error_reporting() is False
    assert start_tracing() is False


@pytest.mark.django_db
def test_finding_5_metrics_need_the_health_token_and_export_the_operators_figures(
    client, settings, recruiter, admin_user
):
    settings.ACCORD_HEALTH_TOKEN = TOKEN
    url = reverse("health:metrics")
    assert client.get(url).status_code == 403
    client.force_login(recruiter)
    assert client.get(url).status_code == 403
    client.logout()
    client.get(reverse("health:healthz"))  # one request measured
    response = client.get(url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    text = response.text
    for name in (
        "accord_request_seconds_bucket",
        "accord_sweep_lag_seconds",
        'accord_outbox_emails{state="failed"}',
        'accord_outbox_emails{state="bounced"}',
        'accord_reminders_sent_total{step="nudge"}',
        'accord_health_check_ok{check="emails_failed"}',
    ):
        assert name in text, name
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
