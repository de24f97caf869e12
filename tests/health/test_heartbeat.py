import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app
from health.models import Heartbeat
from health.tasks import record_heartbeat
from tests.services import require_redis


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_consumes_the_heartbeat_from_redis():
    require_redis()
    assert app.conf.broker_url.startswith("redis://")
    app.control.purge()  # nothing left over from an earlier run may answer for this one
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        record_heartbeat.delay()
        deadline = time.monotonic() + 20
        while not Heartbeat.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    assert Heartbeat.objects.get().worker  # the consuming worker's host name


@pytest.mark.django_db
def test_healthz_reports_a_stale_worker_until_one_beats(client, settings):
    settings.ACCORD_HEALTH_TOKEN = "t" * 32
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer " + "t" * 32
    url = reverse("health:healthz") + "?format=json&only=schedule"
    check = "worker_seconds_since_heartbeat"
    assert not client.get(url).json()["checks"][check]["ok"]
    Heartbeat.objects.create(worker="w1")
    assert client.get(url).json()["checks"][check] == {
        "ok": True,
        "value": 0,
        "detail": "alarm above 180 s or never",
    }


def test_beat_schedules_the_heartbeat_every_minute():
    assert app.conf.beat_schedule["heartbeat"]["task"] == "health.tasks.record_heartbeat"
