"""Webhook deliveries: written in the event's transaction, signed, delivered to a real local
receiver (http.server in a thread), retried with back-off while it fails, delivered once it
recovers, failed after 24 hours; claimed once; private addresses refused."""

import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from commitments.events import Event, announce
from commitments.ledger import meet_commitments
from commitments.models import Commitment
from commitments.sweep import sweep
from hiring.lifecycle import move_requisition
from tests.clock import london
from tests.factories import make_commitment
from webhooks import sending
from webhooks.models import Delivery, Endpoint
from webhooks.recording import create_endpoint, send_test_event
from webhooks.signing import signature, verify

pytestmark = pytest.mark.django_db


def endpoint_for(url, *, events=("requisition.on_hold",), kind="signed", by=None):
    return create_endpoint(by=by, name="ATS sync", kind=kind, url=url, events=list(events))


def hold(requisition, recruiter):
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=recruiter, reason="Budget review"
    )


def test_an_event_writes_its_delivery_in_its_own_transaction(requisition, recruiter, receiver):
    endpoint = endpoint_for(receiver.url)
    with transaction.atomic():
        hold(requisition, recruiter)
        transaction.set_rollback(True)
    assert not Delivery.objects.exists()  # the move rolled back: nothing was promised
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert (delivery.endpoint, delivery.event, delivery.state) == (
        endpoint,
        "requisition.on_hold",
        "pending",
    )
    body = json.loads(delivery.body)
    assert body["type"] == "requisition.on_hold"
    assert body["requisition"] == {
        "id": requisition.pk,
        "title": requisition.title,
        "state": "on_hold",
        "url": f"http://127.0.0.1:8000/requisitions/{requisition.pk}/",
    }
    assert body["actor"]["id"] == recruiter.pk


def test_an_endpoint_gets_only_the_events_it_chose_and_a_paused_one_none(
    requisition, recruiter, receiver
):
    endpoint_for(receiver.url, events=["requisition.filled"])
    paused = endpoint_for(receiver.url)
    Endpoint.objects.filter(pk=paused.pk).update(active=False)
    hold(requisition, recruiter)
    assert not Delivery.objects.exists()


def test_the_same_event_told_twice_is_delivered_once(requisition, receiver):
    endpoint_for(receiver.url)
    event = Event("requisition.on_hold", "k1", timezone.now(), requisition=requisition)
    announce([event])
    announce([event, event])
    assert Delivery.objects.count() == 1


def test_a_delivery_arrives_signed_and_verifiable(requisition, recruiter, receiver):
    endpoint = endpoint_for(receiver.url)
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert sending.deliver(delivery.pk) == "delivered"
    (request,) = receiver.requests
    assert request.path == "/hooks/accord"
    assert request.body == delivery.body.encode()
    headers = request.headers
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Accord-Event"] == "requisition.on_hold"
    assert headers["Accord-Event-Id"] == json.loads(request.body)["id"] == delivery.event_id
    assert verify(
        endpoint.secret,
        headers["Accord-Signature"],
        headers["Accord-Timestamp"],
        request.body,
        now=time.time(),
    )
    assert not verify("whsec_wrong", headers["Accord-Signature"], headers["Accord-Timestamp"],
                      request.body, now=time.time())  # fmt: skip
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)
    assert sending.deliver(delivery.pk) == "not claimed"  # a duplicated task posts nothing
    assert len(receiver.requests) == 1


def test_a_receiver_that_fails_then_recovers(
    requisition, recruiter, receiver, traveller, monkeypatch
):
    receiver.answers = [503, 500, 200]
    endpoint_for(receiver.url)
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert sending.deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.attempts == 1
    assert delivery.last_status == 503 and "down for maintenance" in delivery.last_error
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=15) <= first_wait <= timedelta(seconds=30)
    assert sending.deliver(delivery.pk) == "not claimed"  # not before its time
    traveller.to(delivery.next_attempt_at)
    monkeypatch.setattr(sending, "enqueue", lambda ids: None)
    assert sending.dispatch_due_deliveries() == 1  # beat finds the retry whose time came
    assert sending.deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    second_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=30) <= second_wait <= timedelta(seconds=60)  # doubled
    traveller.to(delivery.next_attempt_at)
    assert sending.deliver(delivery.pk) == "delivered"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("delivered", 3, "")
    # Every attempt carried the same event id, each signed afresh.
    assert len({r.headers["Accord-Event-Id"] for r in receiver.requests}) == 1
    assert len(receiver.requests) == 3


def test_a_receiver_down_for_a_day_fails_the_delivery(requisition, recruiter, receiver, traveller):
    receiver.answers = [502]
    endpoint_for(receiver.url)
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert delivery.give_up_at - delivery.created_at == timedelta(hours=24)
    outcomes = []
    while len(outcomes) < 100:
        outcome = sending.deliver(delivery.pk)
        outcomes.append(outcome)
        if outcome == "failed":
            break
        delivery.refresh_from_db()
        # Never more than an hour apart (the cap), never past the horizon.
        assert delivery.next_attempt_at - timezone.now() <= timedelta(hours=1)
        assert delivery.next_attempt_at <= delivery.give_up_at
        traveller.to(delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    assert timezone.now() >= delivery.give_up_at
    assert 30 <= delivery.attempts <= 60  # 30 s doubling to an hour (with jitter), a day


def test_a_late_answer_is_a_failed_attempt(requisition, recruiter, receiver, settings):
    settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.answers = [("sleep", 1.0, 200)]
    endpoint_for(receiver.url)
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert sending.deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.last_error == "No answer within 0.3 s."


def test_nobody_listening_is_a_refused_connection_retried(requisition, recruiter, receiver):
    url = receiver.url
    receiver.stop()
    endpoint_for(url)
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert sending.deliver(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.last_error == "Could not connect (refused or unreachable)."
    receiver.start()  # a new port: nothing to recover here, just stopped cleanly


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/", "http://10.0.0.7/"]
)
def test_a_private_address_is_refused_and_fails_at_once(requisition, recruiter, url):
    endpoint = Endpoint.objects.create(name="inside", url=url, events=["requisition.on_hold"])
    hold(requisition, recruiter)
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert sending.deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "private network" in delivery.last_error
    assert delivery.attempts == 1


def test_a_teams_endpoint_gets_an_adaptive_card_unsigned(requisition, recruiter, receiver):
    endpoint_for(receiver.url, kind="teams")
    hold(requisition, recruiter)
    assert sending.deliver(Delivery.objects.get().pk) == "delivered"
    (request,) = receiver.requests
    assert "Accord-Signature" not in request.headers
    card = json.loads(request.body)
    assert card["type"] == "message"
    (attachment,) = card["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = attachment["content"]
    assert content["type"] == "AdaptiveCard"
    assert content["body"][0]["text"] == "A search was put on hold"
    assert {"title": "Search", "value": requisition.title} in content["body"][1]["facts"]
    assert content["actions"][0]["url"].endswith(f"/requisitions/{requisition.pk}/")


def test_a_test_event_is_delivered_like_any_other(receiver, admin_user):
    endpoint = endpoint_for(receiver.url)
    delivery = send_test_event(endpoint, by=admin_user)
    assert sending.deliver(delivery.pk) == "delivered"
    body = json.loads(receiver.requests[0].body)
    assert body["type"] == "webhook.test" and body["test"] is True
    assert body["link"].endswith(f"/settings/webhooks/{endpoint.pk}/")


def test_the_send_task_is_enqueued_when_the_event_commits(
    requisition, recruiter, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued = []
    monkeypatch.setattr(sending, "enqueue", enqueued.extend)
    endpoint_for(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        hold(requisition, recruiter)
    assert enqueued == [Delivery.objects.get().pk]


def test_the_dispatcher_takes_what_the_broker_lost_and_fails_a_dead_workers_past_horizon(
    requisition, recruiter, receiver, traveller, monkeypatch
):
    enqueued = []
    monkeypatch.setattr(sending, "enqueue", enqueued.extend)
    endpoint_for(receiver.url)
    hold(requisition, recruiter)
    delivery = Delivery.objects.get()
    assert sending.dispatch_due_deliveries() == 0  # just enqueued on commit
    traveller.to(timezone.now() + timedelta(minutes=3))  # still pending: the message was lost
    assert sending.dispatch_due_deliveries() == 1
    # A worker that claimed it and died, found after the horizon: failed, shown.
    Delivery.objects.filter(pk=delivery.pk).update(state="sending", claimed_at=timezone.now())
    traveller.to(delivery.give_up_at + timedelta(minutes=5))
    sending.dispatch_due_deliveries()
    delivery.refresh_from_db()
    assert delivery.state == "failed" and "worker died" in delivery.last_error


def test_overdue_escalated_and_met_are_events(traveller, requisition, hiring_manager, receiver):
    endpoint_for(
        receiver.url, events=["commitment.overdue", "commitment.escalated", "commitment.met"]
    )
    commitment = make_commitment(requisition, hiring_manager)  # due Wed 25th, 10:00
    traveller.to(london(25, 10, 1))
    sweep()
    traveller.to(london(26, 10, 30))
    sweep()
    meet_commitments(subject=commitment.subject, kind=commitment.kind)
    events = list(Delivery.objects.order_by("pk").values_list("event", flat=True))
    assert events == ["commitment.overdue", "commitment.escalated", "commitment.met"]
    bodies = [json.loads(d.body) for d in Delivery.objects.order_by("pk")]
    assert bodies[1]["commitment"]["step"] == "escalation"
    assert bodies[1]["commitment"]["owner"]["id"] == hiring_manager.pk
    assert bodies[2]["commitment"]["state"] == Commitment.State.MET
    # Its title names a candidate ("Review Jane Doe"): never in a payload.
    assert all("Jane Doe" not in d.body for d in Delivery.objects.all())


def test_signature_is_hmac_sha256_over_timestamp_dot_body():
    import hashlib
    import hmac

    body = b'{"id":"evt_1"}'
    expected = hmac.new(b"whsec_k", b"1765130400." + body, hashlib.sha256).hexdigest()
    assert signature("whsec_k", 1765130400, body) == f"v1={expected}"
    assert verify("whsec_k", f"v1={expected}", "1765130400", body, now=1765130400 + 299)
    assert not verify("whsec_k", f"v1={expected}", "1765130400", body, now=1765130400 + 301)


@pytest.mark.parametrize("due", [2, 30])
def test_a_sweep_batch_writes_its_deliveries_in_the_same_queries_whatever_its_size(
    due, traveller, requisition, hiring_manager, receiver, django_assert_num_queries
):
    """The sweep's own (tests/commitments/test_sweep.py, who listens included), then which
    of the events were delivered already and one INSERT in its savepoint: four more, for 2
    or 30 escalations."""
    endpoint_for(receiver.url, events=["commitment.escalated"])
    for n in range(due):
        make_commitment(requisition, hiring_manager, title=f"Review {n}", subject=hiring_manager)
        Commitment.objects.filter(title=f"Review {n}").update(subject_id=1000 + n)
    traveller.to(london(30, 10))  # every one is due for its escalation
    with django_assert_num_queries(1 + 2 + 11 + 4):
        sweep()
    assert Delivery.objects.filter(event="commitment.escalated").count() == due


def test_finished_deliveries_leave_the_log_after_the_keeping_time(receiver, traveller):
    endpoint = endpoint_for(receiver.url)
    old = [Delivery.objects.create(endpoint=endpoint, event_key=f"k{n}", event="x", body="{}",
                                   state=state, give_up_at=timezone.now())
           for n, state in enumerate(["delivered", "failed", "pending"])]  # fmt: skip
    traveller.to(timezone.now() + timedelta(days=31))
    fresh = Delivery.objects.create(
        endpoint=endpoint, event_key="new", event="x", body="{}", state="delivered",
        give_up_at=timezone.now(),
    )  # fmt: skip
    assert sending.prune_deliveries() == 2
    assert set(Delivery.objects.values_list("pk", flat=True)) == {old[2].pk, fresh.pk}


def test_a_regenerated_secret_signs_beside_the_old_one_for_a_day(receiver, admin_user, traveller):
    from webhooks.recording import regenerate_secret

    endpoint = endpoint_for(receiver.url)
    old = endpoint.secret
    new = regenerate_secret(endpoint)
    sending.deliver(send_test_event(endpoint, by=admin_user).pk)
    request = receiver.requests[-1]
    header, stamp = request.headers["Accord-Signature"], request.headers["Accord-Timestamp"]
    assert header.count("v1=") == 2
    assert verify(new, header, stamp, request.body, now=time.time())
    assert verify(old, header, stamp, request.body, now=time.time())
    traveller.to(timezone.now() + timedelta(hours=25))
    endpoint.refresh_from_db()
    sending.deliver(send_test_event(endpoint, by=admin_user).pk)
    request = receiver.requests[-1]
    header, stamp = request.headers["Accord-Signature"], request.headers["Accord-Timestamp"]
    assert header.count("v1=") == 1
    assert verify(new, header, stamp, request.body, now=time.time())
    assert not verify(old, header, stamp, request.body, now=time.time())
