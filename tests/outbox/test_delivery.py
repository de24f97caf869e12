"""Every transition of the outbox state machine (outbox/delivery.py docstring), on the
real database."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from outbox import delivery
from outbox.mail import queue_email
from outbox.models import OutboundEmail
from tests.services import require_postgres

pytestmark = pytest.mark.django_db

T0 = timezone.datetime(2026, 11, 23, 10, tzinfo=timezone.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as machine:
        yield machine


@pytest.fixture
def email(clock):
    require_postgres()
    return queue_email(key="t-1", to="a@example.com", subject="Hello", text="Body")


def state(email):
    email.refresh_from_db()
    return email.state


def mail_down():
    return mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("mail server down")
    )


def test_pending_is_claimed_and_sent_once(email):
    assert delivery.send_email(email.pk) == "sent"
    assert delivery.send_email(email.pk) == "not claimed"
    assert state(email) == "sent"
    assert (email.attempts, email.sent_at, email.last_error) == (1, T0, "")
    assert len(mail.outbox) == 1


def test_a_failure_before_the_horizon_goes_back_to_pending_with_a_backoff(email, settings):
    settings.ACCORD_EMAIL_BACKOFF_SECONDS = 30
    with mail_down():
        assert delivery.send_email(email.pk) == "retry"
    assert state(email) == "pending"
    assert T0 + timedelta(seconds=15) <= email.next_attempt_at <= T0 + timedelta(seconds=30)
    assert "mail server down" in email.last_error
    assert delivery.send_email(email.pk) == "not claimed"  # not before its backoff


def test_the_backoff_doubles_with_jitter_up_to_its_cap(settings):
    settings.ACCORD_EMAIL_BACKOFF_SECONDS = 30
    settings.ACCORD_EMAIL_BACKOFF_MAX_SECONDS = 3600
    for attempts, ceiling in [(1, 30), (2, 60), (5, 480), (8, 3600), (40, 3600)]:
        waits = {delivery.backoff(attempts).total_seconds() for _ in range(20)}
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(waits) > 1  # jittered


def test_a_failure_at_the_horizon_is_failed_with_the_last_error(email, clock):
    clock.move_to(email.give_up_at)
    with mail_down():
        assert delivery.send_email(email.pk) == "failed"
    assert state(email) == "failed"
    assert "mail server down" in email.last_error
    assert delivery.send_email(email.pk) == "not claimed"
    assert delivery.dispatch_due_emails() == 0


def test_a_mail_server_down_for_hours_is_retried_until_it_comes_back(email, clock, settings):
    """Thirty-odd attempts over a day, never given up before the horizon."""
    settings.ACCORD_EMAIL_RETRY_FOR_SECONDS = 24 * 3600
    now, attempts = T0, 0
    with mail_down():
        while now < T0 + timedelta(hours=20):
            assert delivery.send_email(email.pk) == "retry"
            attempts += 1
            email.refresh_from_db()
            now = email.next_attempt_at
            clock.move_to(now)
    assert 20 < attempts < 60
    assert delivery.send_email(email.pk) == "sent"


def test_the_retry_after_a_failure_never_lands_past_the_horizon(email, clock, settings):
    settings.ACCORD_EMAIL_BACKOFF_SECONDS = 3600
    clock.move_to(email.give_up_at - timedelta(seconds=5))
    with mail_down():
        assert delivery.send_email(email.pk) == "retry"
    email.refresh_from_db()
    assert email.next_attempt_at == email.give_up_at


def test_a_claim_held_by_a_dead_worker_is_taken_over_whatever_its_attempts(email, clock):
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=500)
    assert delivery.claim_email(email.pk)  # a worker claims, then dies
    assert delivery.send_email(email.pk) == "not claimed"
    timeout = delivery.Timings.from_settings().claim_timeout
    clock.move_to(T0 + timeout + timedelta(seconds=1))
    assert delivery.send_email(email.pk) == "sent"
    assert state(email) == "sent"
    assert email.attempts == 502


def test_a_stuck_send_past_the_horizon_is_failed_by_the_dispatcher(email, clock):
    clock.move_to(email.give_up_at - timedelta(seconds=1))
    assert delivery.claim_email(email.pk)  # the last attempt's worker dies
    clock.move_to(email.give_up_at + timedelta(hours=1))
    assert delivery.send_email(email.pk) == "not claimed"
    delivery.dispatch_due_emails()
    assert state(email) == "failed"
    assert "worker died" in email.last_error


def test_a_stale_claim_cannot_overwrite_a_later_success(email, clock):
    assert delivery.claim_email(email.pk)
    stale_claim = T0
    timeout = delivery.Timings.from_settings().claim_timeout
    clock.move_to(T0 + timeout + timedelta(seconds=1))
    assert delivery.send_email(email.pk) == "sent"
    email.refresh_from_db()
    delivery.record_failure(email, OSError("late"), claimed_at=stale_claim)
    assert state(email) == "sent"


def test_retry_now_makes_failed_and_stuck_sends_due_with_a_fresh_horizon(
    email, clock, django_capture_on_commit_callbacks
):
    failed = queue_email(key="t-2", to="b@example.com", subject="S", text="T")
    OutboundEmail.objects.filter(pk=failed.pk).update(state="failed", last_error="x")
    assert delivery.claim_email(email.pk)  # stuck in a dead worker's hands
    live = queue_email(key="t-3", to="c@example.com", subject="S", text="T")
    clock.move_to(T0 + timedelta(days=3))
    assert delivery.claim_email(live.pk)  # a live worker is sending this one now
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert delivery.retry_now([email.pk, failed.pk, live.pk]) == 2
    assert len(callbacks) == 1
    assert state(failed) == "pending" and state(email) == "pending" and state(live) == "sending"
    assert failed.give_up_at == T0 + timedelta(days=3) + delivery.Timings.from_settings().retry_for
    assert delivery.send_email(failed.pk) == "sent"


def test_the_dispatcher_enqueues_lost_and_due_sends_once_per_interval(
    email, clock, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(delivery, "email_backlog", lambda: 0)
    with django_capture_on_commit_callbacks(execute=False):
        assert delivery.dispatch_due_emails() == 0  # just enqueued by queue_email
        timings = delivery.Timings.from_settings()
        clock.move_to(T0 + timings.requeue_after + timedelta(seconds=1))
        assert delivery.dispatch_due_emails() == 1  # lost with the broker: enqueued again
        assert delivery.dispatch_due_emails() == 0  # stamped: not again at once
        with mail_down():
            assert delivery.send_email(email.pk) == "retry"
        email.refresh_from_db()
        clock.move_to(email.next_attempt_at)
        assert delivery.dispatch_due_emails() == 1  # its backoff is over


def test_a_broker_that_is_down_does_not_fail_the_caller(email):
    with mock.patch("outbox.tasks.send_emails.delay", side_effect=ConnectionError("no redis")):
        from outbox.mail import enqueue

        enqueue([email.pk])  # logged, not raised: the dispatcher picks it up later
    assert state(email) == "pending"


def test_during_a_backlog_a_waiting_message_is_not_enqueued_again(
    email, clock, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(delivery, "email_backlog", lambda: 250)
    timings = delivery.Timings.from_settings()
    clock.move_to(T0 + timings.requeue_after * 3)
    with django_capture_on_commit_callbacks(execute=False):
        assert delivery.dispatch_due_emails() == 0  # still in the queue, most likely
        assert delivery.claim_email(email.pk)  # a worker took it and died
        clock.move_to(T0 + timings.requeue_after * 3 + timings.claim_timeout * 2)
        assert delivery.dispatch_due_emails() == 1  # a stuck send is enqueued whatever the queue


def test_emails_are_enqueued_in_a_few_chunks_not_one_task_each():
    from outbox.mail import chunks

    assert chunks([1]) == [[1]]
    assert chunks(range(1, 11)) == [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]
    cut = chunks(range(10_000))
    assert len(cut) == 100 and {len(c) for c in cut} == {100}
    assert [pk for chunk in cut for pk in chunk] == list(range(10_000))


def test_a_chunk_sends_each_email_once_even_when_delivered_twice():
    emails = [
        queue_email(key=f"chunk-{n}", to=f"p{n}@example.com", subject="Hi", text="Body")
        for n in range(3)
    ]
    ids = [e.pk for e in emails]
    assert delivery.send_emails(ids) == {"sent": 3}
    assert delivery.send_emails(ids) == {"not claimed": 3}  # a redelivered chunk
    assert len(mail.outbox) == 3


def test_a_chunk_hands_what_is_left_on_after_its_slice_of_time(monkeypatch):
    emails = [
        queue_email(key=f"slice-{n}", to=f"p{n}@example.com", subject="Hi", text="Body")
        for n in range(3)
    ]
    handed_on = []
    monkeypatch.setattr(delivery, "enqueue", handed_on.append)
    outcome = delivery.send_emails([e.pk for e in emails], slice_seconds=0)
    assert outcome == {"sent": 1, "handed on": 2}  # the first always goes
    assert handed_on == [[emails[1].pk, emails[2].pk]]
    assert [state(e) for e in emails] == ["sent", "pending", "pending"]
