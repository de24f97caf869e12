"""The Celery app. Settings come from Django's settings, keys prefixed CELERY_."""

import logging
import os

from celery import Celery
from celery.signals import worker_init

from config.observability import connect_task_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)


def survive_broker_restarts() -> bool:
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

    It patches kombu's private names, so it is guarded: it runs in worker processes only
    (the `worker_init` signal below; web and beat never consume), and only when the names
    it patches exist — a kombu that renamed them gets a warning, not a process that fails
    at start. pyproject.toml caps kombu below its next minor version until the fix is
    upstream. Returns True when the patch is in place.
    """
    try:
        from kombu.transport import redis as transport  # noqa: PLC0415 — guarded, see above
        from kombu.transport.virtual import base  # noqa: PLC0415 — guarded, see above
        from redis.exceptions import ConnectionError as RedisConnectionError  # noqa: PLC0415 — guarded, see above
    except ImportError as error:
        logger.warning("kombu patch not applied (%s): Redis restarts may stop workers", error)
        return False

    connparams = getattr(transport.Channel, "_connparams", None)
    restore_unacked_once = getattr(base.QoS, "restore_unacked_once", None)
    if not callable(connparams) or not callable(restore_unacked_once):
        logger.warning(
            "kombu patch not applied: kombu %s has no Channel._connparams or "
            "QoS.restore_unacked_once; a Redis restart may stop a worker (it is restarted "
            "by its supervisor). See config/celery.py.",
            getattr(__import__("kombu"), "__version__", "?"),
        )
        return False
    if getattr(connparams, "accord_guard", False):
        return True

    def _connparams(self, asynchronous=False):
        if getattr(self.connection, "client", None) is None:
            raise RedisConnectionError("the broker connection was closed (broker restart)")
        return connparams(self, asynchronous)

    def _restore_unacked_once(self, stderr=None):
        try:
            return restore_unacked_once(self, stderr)
        except RedisConnectionError as error:
            logger.warning("Could not restore unacknowledged messages: %s", error)

    _connparams.accord_guard = True
    transport.Channel._connparams = _connparams
    base.QoS.restore_unacked_once = _restore_unacked_once
    return True


@worker_init.connect(weak=False, dispatch_uid="accord.survive_broker_restarts")
def _patch_worker(**kwargs):
    survive_broker_restarts()


# The request id of the request that enqueued a task, in that task's log lines.
connect_task_signals()

app = Celery("accord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
