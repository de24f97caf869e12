"""Writing deliveries in the event's transaction (the outbox pattern), and the endpoints'
own changes: made, edited, secret regenerated, a test event sent."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commitments.events import Event

from .catalogue import TEST_EVENT
from .models import Delivery, Endpoint
from .payloads import body_for, event_data
from .sending import enqueue_on_commit, retry_for
from .signing import new_secret


def record_deliveries(events: list[Event]) -> list[Delivery]:
    """`commitments.events.EVENT_LISTENERS`: one pending delivery per listening endpoint and
    event, in the caller's transaction, their send tasks enqueued on its commit. One query
    when no endpoint listens; an event told twice is delivered once (unique per endpoint
    and key)."""
    endpoints = list(Endpoint.objects.listening())
    wanted = [(e, event) for event in events for e in endpoints if e.listens_to(event.kind)]
    if not wanted:
        return []
    existing = set(
        Delivery.objects.filter(
            endpoint__in={e.pk for e, _ in wanted}, event_key__in={ev.key for _, ev in wanted}
        ).values_list("endpoint_id", "event_key")
    )
    now = timezone.now()
    data = {}
    rows, seen = [], set()
    for endpoint, event in wanted:
        if (endpoint.pk, event.key) in existing or (endpoint.pk, event.key) in seen:
            continue
        seen.add((endpoint.pk, event.key))
        if event.key not in data:
            data[event.key] = event_data(event)
        rows.append(_delivery(endpoint, event, data[event.key], now))
    return _insert(rows)


def _delivery(endpoint, event, data, now, *, is_test=False) -> Delivery:
    return Delivery(
        endpoint=endpoint,
        event_key=event.key,
        event=event.kind,
        requisition=event.requisition,
        body=body_for(endpoint, data),
        is_test=is_test,
        created_at=now,
        next_attempt_at=now,
        give_up_at=now + retry_for(),
        queued_at=now,
    )


def _insert(rows: list[Delivery]) -> list[Delivery]:
    """Insert and enqueue on commit. Another transaction telling the same event at the same
    moment may win a row: then the others are inserted one by one, its row left to it."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            made = Delivery.objects.bulk_create(rows)
    except IntegrityError:
        made = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
                made.append(row)
            except IntegrityError:
                continue
    enqueue_on_commit([d.pk for d in made])
    return made


@transaction.atomic
def create_endpoint(*, by, name: str, kind: str, url: str, events) -> Endpoint:
    """A new endpoint; a signed one gets its secret (shown once, by the page that made it)."""
    signed = kind == Endpoint.Kind.SIGNED
    return Endpoint.objects.create(
        name=name,
        kind=kind,
        url=url,
        events=sorted(set(events)),
        secret=new_secret() if signed else "",
        secret_set_at=timezone.now() if signed else None,
        created_by=by,
    )


def update_endpoint(endpoint: Endpoint, *, name: str, url: str, events, active: bool) -> None:
    endpoint.name, endpoint.url, endpoint.active = name, url, active
    endpoint.events = sorted(set(events))
    endpoint.save(update_fields=["name", "url", "events", "active"])


SECRET_OVERLAP = timedelta(hours=24)


def regenerate_secret(endpoint: Endpoint) -> str:
    """A new secret at once: every attempt from now on, retries too, is signed with it, and
    with the old one as well for a day (two `v1=` signatures), so the receiver can switch
    without refusing a request. Returns it, to be shown once."""
    if not endpoint.is_signed:
        raise ValueError("A Teams endpoint has no secret.")
    now = timezone.now()
    endpoint.previous_secret, endpoint.previous_until = endpoint.secret, now + SECRET_OVERLAP
    endpoint.secret, endpoint.secret_set_at = new_secret(), now
    endpoint.save(update_fields=["secret", "secret_set_at", "previous_secret", "previous_until"])
    return endpoint.secret


@transaction.atomic
def send_test_event(endpoint: Endpoint, *, by) -> Delivery:
    """A test event to this endpoint alone (paused or not), sent like any other."""
    now = timezone.now()
    page = reverse("webhooks:endpoint-detail", kwargs={"pk": endpoint.pk})
    event = Event(TEST_EVENT, f"{TEST_EVENT}:{uuid.uuid4().hex}", now, url=page, actor=by)
    (delivery,) = _insert([_delivery(endpoint, event, event_data(event), now, is_test=True)])
    return delivery
