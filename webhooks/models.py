"""Webhook endpoints an admin registers, and the deliveries owed to them (issue 23).

A `Delivery` is written in the transaction of the event it tells of (the outbox pattern:
`webhooks.recording.record_deliveries`, through `commitments.events.EVENT_LISTENERS`), unique
per endpoint and event, and sent by `webhooks.sending` (the state machine is in that module's
docstring).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


class EndpointQuerySet(models.QuerySet):
    def listening(self):
        """Endpoints that are sent new events (a paused one is not)."""
        return self.filter(active=True)

    def with_figures(self):
        """Each endpoint with how many of its deliveries wait, arrived and failed, and when
        the last one was written: one query for the whole list (the list page)."""
        Delivery = self.model.deliveries.rel.related_model  # noqa: N806 — defined below
        State = Delivery.State  # noqa: N806
        return self.annotate(
            waiting=Count("deliveries", filter=Q(deliveries__state__in=Delivery.UNSENT)),
            delivered=Count("deliveries", filter=Q(deliveries__state=State.DELIVERED)),
            failed=Count("deliveries", filter=Q(deliveries__state=State.FAILED)),
            last_at=models.Max("deliveries__created_at"),
        )


class Endpoint(models.Model):
    """Where Accord posts events. A signed endpoint receives JSON signed with its secret
    (HMAC-SHA256 over the timestamp and the body, README "Integrations"); a Microsoft Teams
    endpoint is a channel's incoming webhook and receives an Adaptive Card instead."""

    class Kind(models.TextChoices):
        SIGNED = "signed", "Signed JSON (your own service)"
        TEAMS = "teams", "Microsoft Teams incoming webhook"

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SIGNED)
    url = models.CharField(max_length=500)
    # The signing key. Kept as it is (a signature needs the key itself, not a digest of
    # it), shown to the admin once when it is made or regenerated, then only its prefix.
    # Empty for Teams, which verifies nothing.
    secret = models.CharField(max_length=80, blank=True)
    secret_set_at = models.DateTimeField(null=True, blank=True)
    # After a regeneration the old secret signs too, for a day (a second `v1=` in the
    # header), so the receiver can be updated without refusing anything meanwhile.
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_until = models.DateTimeField(null=True, blank=True)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_signed(self) -> bool:
        return self.kind == self.Kind.SIGNED

    @property
    def secret_hint(self) -> str:
        """Enough of the secret to tell which one a receiver holds."""
        return f"{self.secret[:10]}…" if self.secret else ""

    def secrets_signing(self, now) -> list[str]:
        """The secrets each request is signed with now: the current one, and the previous
        one for a day after a regeneration."""
        keys = [self.secret]
        if self.previous_secret and self.previous_until and now < self.previous_until:
            keys.append(self.previous_secret)
        return keys

    def listens_to(self, event: str) -> bool:
        return event in self.events


class DeliveryQuerySet(models.QuerySet):
    def log_of(self, endpoint):
        """An endpoint's delivery log, newest first (index delivery_log_idx), with the
        search each is about."""
        return (
            self.filter(endpoint=endpoint)
            .select_related("requisition")
            .order_by("-created_at", "-pk")
        )


class Delivery(models.Model):
    """One event owed to one endpoint. `body` is frozen when the event is recorded: every
    attempt sends the same bytes (signed afresh with the attempt's timestamp)."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    UNSENT = (State.PENDING, State.SENDING)

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    # The event's identity (commitments.events.Event.key): one delivery per endpoint and event.
    event_key = models.CharField(max_length=200)
    event = models.CharField(max_length=60)
    requisition = models.ForeignKey(
        "hiring.Requisition", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField()
    is_test = models.BooleanField(default=False)

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    give_up_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The last attempt: the receiver's HTTP status (None: no answer), what went wrong, and
    # how long it took.
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_key"], name="delivery_once_idx")
        ]
        indexes = [
            # webhooks.sending.dispatch_due_deliveries (beat): only unsent rows, so the sweep
            # stays small however many deliveries were ever made.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_unsent_idx",
                condition=Q(state__in=["pending", "sending"]),
            ),
            # An endpoint's delivery log (DeliveryQuerySet.log_of) and its figures.
            models.Index(fields=["endpoint", "-created_at"], name="delivery_log_idx"),
            # webhooks.sending.prune_deliveries (daily): finished rows past the keeping time.
            models.Index(
                fields=["created_at"],
                name="delivery_finished_idx",
                condition=Q(state__in=["delivered", "failed"]),
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"

    @property
    def event_id(self) -> str:
        """The id receivers see (the body's "id", the Accord-Event-Id header)."""
        return event_id(self.event_key)

    @property
    def is_unsent(self) -> bool:
        return self.state in self.UNSENT


def event_id(key: str) -> str:
    """An event's public id: the same for every endpoint and every attempt (receivers drop
    a duplicate by it), and telling nothing of our keys."""
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:32]
