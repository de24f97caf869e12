"""The Celery app. Settings come from Django's settings, keys prefixed CELERY_."""

import logging
import os

from celery import Celery
from kombu.transport import redis as transport
from kombu.transport.virtual import base
from redis.exceptions import ConnectionError as RedisConnectionError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)


def survive_broker_restarts():
    """Keep a worker alive when Redis restarts while it holds an unacknowledged task.

    Celery 5.7 / kombu 5.7 / redis-py 8.1 (no fixed release yet): on connection loss the
    consumer closes its connection, which sets the transport's `client` to None, while the
    running task's message is still "delivered" on the old channel. When that channel's
    QoS is later closed or garbage-collected, `restore_unacked_once()` builds a new Redis
    pool from `connection.client.hostname` and raises AttributeError, which Celery treats
    as unrecoverable: the worker logs it, finishes its task and exits (STACK_NOTES).

    A closed connection cannot restore anything, so we turn that AttributeError into the
    transport's own ConnectionError (which kombu and Celery already handle as a lost
    connection) and let a failed restore log a warning. The message is not lost: it is
    still in Redis's unacked index and comes back after the visibility timeout, or Redis
    lost it with the restart and the outbox dispatcher re-enqueues it from PostgreSQL.
    Supervisors still restart any worker that dies (README, "Processes").
    """

    connparams = transport.Channel._connparams
    if getattr(connparams, "accord_guard", False):
        return

    def _connparams(self, asynchronous=False):
        if getattr(self.connection, "client", None) is None:
            raise RedisConnectionError("the broker connection was closed (broker restart)")
        return connparams(self, asynchronous)

    restore_unacked_once = base.QoS.restore_unacked_once

    def _restore_unacked_once(self, stderr=None):
        try:
            return restore_unacked_once(self, stderr)
        except RedisConnectionError as error:
            logger.warning("Could not restore unacknowledged messages: %s", error)

    _connparams.accord_guard = True
    transport.Channel._connparams = _connparams
    base.QoS.restore_unacked_once = _restore_unacked_once


survive_broker_restarts()

app = Celery("accord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
