"""A worker survives Redis restarting under it (config.celery.survive_broker_restarts)."""

import os

import pytest
from kombu import Connection

import config.celery  # noqa: F401 — installs the guard, as every worker does
from tests.services import require_redis

pytestmark = pytest.mark.redis


def test_restoring_unacked_messages_through_a_closed_connection_does_not_crash():
    """The state kombu is in after a broker restart: the connection closed (its transport's
    client gone), the channel's pool dropped, a task's message still delivered. Unguarded,
    this raises AttributeError('NoneType' object has no attribute 'hostname'), which stops
    the worker."""
    require_redis()
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
