"""A worker survives Redis restarting under it (config.celery.survive_broker_restarts)."""

import os

import pytest
from kombu import Connection

from config.celery import survive_broker_restarts
from tests.services import require_redis

pytestmark = pytest.mark.redis


def test_restoring_unacked_messages_through_a_closed_connection_does_not_crash():
    """The state kombu is in after a broker restart: the connection closed (its transport's
    client gone), the channel's pool dropped, a task's message still delivered. Unguarded,
    this raises AttributeError('NoneType' object has no attribute 'hostname'), which stops
    the worker."""
    require_redis()
    assert survive_broker_restarts()  # what every worker does at start (worker_init)
    connection = Connection(os.environ["REDIS_URL"])
    channel = connection.channel()
    channel._put(
        "accord-probe",
        {
            "body": "x",
            "headers": {},
            "content-type": "text/plain",
            "content-encoding": "utf-8",
            "properties": {
                "delivery_tag": "probe-1",
                "delivery_info": {"exchange": "", "routing_key": "accord-probe"},
            },
        },
    )
    message = channel.message_to_python(channel._get("accord-probe"))
    channel.qos.append(message, message.delivery_tag)
    connection._do_close_transport()
    channel._pool = channel._async_pool = None
    channel.qos.restore_unacked_once()  # logs a warning instead of raising
    assert channel.qos._delivered.restored


@pytest.mark.slow
def test_finding_8_the_kombu_patch_is_applied_in_workers_only_and_never_breaks_a_start():
    """Importing the Celery app (web, beat, manage.py) leaves kombu alone; a worker
    patches it at `worker_init`; a kombu without the patched names gets a warning."""
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import django; django.setup(); import config.celery as c; "
        "from kombu.transport import redis as t; "
        "print(getattr(t.Channel._connparams, 'accord_guard', False)); "
        "from celery.signals import worker_init; worker_init.send(sender=None); "
        "print(getattr(t.Channel._connparams, 'accord_guard', False))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_finding_8_a_kombu_without_the_patched_names_gets_a_warning_not_a_crash(
    monkeypatch, caplog
):
    from kombu.transport.virtual import base

    monkeypatch.delattr(base.QoS, "restore_unacked_once")
    with caplog.at_level("WARNING", logger="config.celery"):
        assert survive_broker_restarts() is False
    assert "kombu patch not applied" in caplog.text
