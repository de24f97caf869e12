"""Finding 9: delivery measured honestly — a send whose claim meets a database that is away
is retried with back-off, not dropped; the fault test runs its PostgreSQL the way production
does and its workers as the Procfile starts them."""

from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.db import OperationalError

from outbox import tasks

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("task", [tasks.send_email, tasks.send_emails])
def test_finding_9_a_send_whose_claim_meets_the_database_away_is_retried_with_back_off(task):
    away = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    argument = 7 if task is tasks.send_email else [7, 8]
    target = "send_email" if task is tasks.send_email else "send_emails"
    with (
        # The database is not really away here: dropping a broken connection (what the
        # task does first) would touch the one an earlier test left open.
        mock.patch("outbox.tasks.close_old_connections") as dropped,
        mock.patch(f"outbox.delivery.{target}", side_effect=away),
        mock.patch.object(task, "retry", side_effect=Retry("again")) as retry,
        pytest.raises(Retry),
    ):
        task.apply(args=[argument], throw=True)
    (call,) = retry.call_args_list
    dropped.assert_called_once()
    assert call.kwargs["exc"] is away
    assert 0 < call.kwargs["countdown"] <= 30
    assert task.max_retries >= 10


def test_finding_9_the_fault_test_runs_postgres_with_synchronous_commit_and_the_procfile_workers():
    from tests.fault import scenario

    source = (ROOT / "tests" / "fault" / "scenario.py").read_text()
    assert "synchronous_commit=on" in source and "synchronous_commit=off" not in source
    procfile = (ROOT / "Procfile").read_text()
    worker = next(line for line in procfile.splitlines() if line.startswith("worker:"))
    assert scenario.procfile_worker_args() == worker.split("worker", 2)[-1].split()
    assert "--pool" not in scenario.procfile_worker_args() or "solo" not in worker
    test = (ROOT / "tests" / "fault" / "test_delivery_under_faults.py").read_text()
    assert 'f["in_flight_at_worker_kills"] + f["in_flight_at_postgres_stop"]' in test
