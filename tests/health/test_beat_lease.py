"""One scheduler in time: beats share a database lease; the holder sends, others stand by."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from config.celery import app
from health.beat import LeaderScheduler
from health.leases import hold_lease, release_lease

pytestmark = pytest.mark.django_db

TTL = timedelta(seconds=30)


def test_one_holder_at_a_time_and_a_lapsed_lease_is_taken_over():
    now = timezone.now()
    assert hold_lease(name="beat", holder="a", ttl=TTL, now=now)
    assert not hold_lease(name="beat", holder="b", ttl=TTL, now=now + timedelta(seconds=10))
    assert hold_lease(name="beat", holder="a", ttl=TTL, now=now + timedelta(seconds=20))
    assert not hold_lease(name="beat", holder="b", ttl=TTL, now=now + timedelta(seconds=49))
    assert hold_lease(name="beat", holder="b", ttl=TTL, now=now + timedelta(seconds=51))
    assert not hold_lease(name="beat", holder="a", ttl=TTL, now=now + timedelta(seconds=52))


def test_a_released_lease_is_taken_at_once():
    now = timezone.now()
    assert hold_lease(name="beat", holder="a", ttl=TTL, now=now)
    release_lease(name="beat", holder="a", now=now)
    assert hold_lease(name="beat", holder="b", ttl=TTL, now=now)


def scheduler(tmp_path, name):
    return LeaderScheduler(app=app, schedule_filename=str(tmp_path / name), lazy=False)


def test_two_beats_send_each_entry_once_and_the_standby_takes_over_when_the_leader_dies(
    tmp_path, settings
):
    settings.ACCORD_BEAT_LEASE_SECONDS = 30
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first, second = scheduler(tmp_path, "one"), scheduler(tmp_path, "two")
        with (
            mock.patch.object(first, "apply_async") as sent_by_first,
            mock.patch.object(second, "apply_async") as sent_by_second,
        ):
            for _ in range(12):  # two minutes of ticks, 10 s apart
                first.tick()
                second.tick()
                clock.shift(timedelta(seconds=10))
            assert sent_by_first.call_count > 0
            assert sent_by_second.call_count == 0  # a hot standby sends nothing
            assert first.max_interval <= 10
            # the leader dies (no more ticks); within the lease the standby takes over
            sent_before = sent_by_second.call_count
            for _ in range(4):
                clock.shift(timedelta(seconds=10))
                second.tick()
            assert second.leading
            assert sent_by_second.call_count > sent_before
        first.close()
        second.close()


def test_finding_10_the_readme_states_the_standby_takeover_the_lease_allows_and_was_measured():
    """A standby takes the lease at its first tick after the lease lapsed: up to the lease
    plus one standby tick (lease / 3) after the holder's last renewal. The README said
    "within 30 s"; measured 31–33 s (and 23–39 s in the run it now quotes)."""
    from pathlib import Path

    from django.conf import settings

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    bound = settings.ACCORD_BEAT_LEASE_SECONDS * 4 / 3
    assert "takes over within 30 s" not in readme
    assert f"takes over within {bound:.0f} s" in readme
