"""Exactly-once in-app, at-least-once email, under every fault of issue 12.

The scenario (tests/fault/scenario.py, its docstring has the timeline) runs in a process
of its own against a PostgreSQL cluster, a Redis server and an SMTP sink it starts itself,
so restarting them disturbs nobody else's tests. It prints the table; this test holds it
to the targets: nothing lost or duplicated in the app, every email accepted, duplicates
only of the documented kind and never more than the sends in flight at the kills (counted
by the scenario), p95 deadline → email under 90 s and p99 under 5 min outside the mail
outage, every
worker alive at the end, and the web answering 503 (never 500) while PostgreSQL is down.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import IN_CI

pytestmark = pytest.mark.fault

ROOT = Path(__file__).resolve().parents[2]


def test_every_reminder_arrives_once_in_the_app_and_by_email_through_every_fault(tmp_path):
    missing = [
        what
        for what, ok in (
            ("redis-server", shutil.which("redis-server")),
            ("PostgreSQL server binaries", list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))),
        )
        if not ok
    ]
    if missing:
        if IN_CI:
            pytest.fail(f"the fault test needs {', '.join(missing)}")
        pytest.skip(f"missing {', '.join(missing)}")
    out = tmp_path / "figures.json"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.fault.scenario", str(out)], cwd=ROOT, env=env, timeout=290
    )
    assert run.returncode == 0, "the scenario crashed (its output is above)"
    f = json.loads(out.read_text())

    assert f["reminders_written"] == f["in_app_written"] == f["expected_reminders"]
    assert (f["in_app_duplicates"], f["missing"], f["wrong_recipient"]) == (0, 0, 0)
    assert f["emails_accepted"] == f["emails_expected"]
    assert (f["emails_failed"], f["emails_unsent"]) == (0, 0)
    # Only the documented kind: accepted by the mail server, then the worker died (or the
    # database went away) before 'sent' was recorded. Each such send was in flight — claimed
    # and unconfirmed — at a kill or at the PostgreSQL stop, where the scenario counted them.
    assert (
        f["emails_duplicated"] <= f["in_flight_at_worker_kills"] + f["in_flight_at_postgres_stop"]
    )
    # The standby beat takes over within the lease plus one standby tick (lease / 3).
    assert f["beat_takeover_seconds"] is not None
    assert f["beat_takeover_seconds"] <= f["beat_lease_seconds"] * 4 / 3 + 2
    assert f["p95"] < 90
    assert f["p99"] < 300
    assert f["workers_alive"] == f["workers_expected_alive"] >= 2
    assert f["beats_alive"] == 1  # the standby took over from the one SIGKILLed
    # At least one kill landed inside an SMTP exchange (bursts are short: two is not certain)
    assert f["worker_kills_mid_send"] >= 1
    busy, live = f["workers_busy_at_redis_restart"]
    assert busy == live >= 2
    web = {int(k): v for k, v in f["web_statuses_during_postgres_restart"].items()}
    assert web.get(503, 0) >= 1 and web.get(200, 0) >= 1
    assert 500 not in web
    assert f["web_non_product_pages"] == 0
