import hashlib
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def _domain() -> str:
    return settings.ACCORD_BASE_URL.split("//")[-1].split("/")[0].split(":")[0] or "accord"


def message_id_for(key: str) -> str:
    """Stable and unique per key: a readable prefix of the key plus a hash of all of it."""
    readable = re.sub(r"[^A-Za-z0-9.-]+", "-", key).strip("-.")[:60] or "email"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"<{readable}.{digest}@{_domain()}>"


class OutboundEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(state__in=[OutboundEmail.State.PENDING, OutboundEmail.State.SENDING])

    def stuck(self, now, claim_timeout):
        """Claimed by a worker that has not confirmed within the claim timeout."""
        return self.filter(state=OutboundEmail.State.SENDING, claimed_at__lt=now - claim_timeout)

    def alarming(self):
        """Given up after retrying to the horizon and not dismissed: the only emails that
        hold /healthz at 503. Cancelled and bounced ones never do."""
        return self.filter(state=OutboundEmail.State.FAILED, dismissed_at__isnull=True)

    def needing_attention(self, now, claim_timeout):
        """What the admins' page lists: given up or refused for good (until dismissed), or
        stuck in a dead worker's hands."""
        return self.filter(
            Q(state__in=OutboundEmail.UNDELIVERABLE, dismissed_at__isnull=True)
            | Q(state=OutboundEmail.State.SENDING, claimed_at__lt=now - claim_timeout)
        )


class OutboundEmail(models.Model):
    """One email Accord has promised to send, written in the transaction of whatever caused
    it (`outbox.mail.queue_email`) and delivered by `outbox.delivery` (the state machine is
    in that module's docstring). Everything stored here is already safe to send: subject and
    headers carry no CR/LF or control characters, bodies no NUL."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Claimed by a worker"
        SENT = "sent", "Accepted by the mail server"
        FAILED = "failed", "Gave up"
        # Never to be sent: its recipient was erased or what it was about was withdrawn.
        # Not a fault: it never raises an alarm and "retry" never touches it.
        CANCELLED = "cancelled", "Cancelled"
        # The mail server refused it for good (a 5xx for the recipient or the message):
        # not retried; the sender and the admins are told in the app.
        BOUNCED = "bounced", "Refused by the mail server"
        # Another channel carries it (a Slack direct message, `outbox.delivery.hold_emails`):
        # sent only if that channel fails (`release_email`), never claimed while held.
        HELD = "held", "Held while it goes by Slack"
        # That channel delivered it (`delivered_elsewhere`): never sent, never an alarm.
        ELSEWHERE = "elsewhere", "Delivered by Slack instead"

    # Final states an admin may have to look at (and may dismiss with a reason).
    UNDELIVERABLE = (State.FAILED, State.BOUNCED)

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=500)
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    reply_to = models.CharField(max_length=300, blank=True)
    # A lazy reference: the outbox sits below hiring and imports nothing of it (README,
    # "Floors").
    requisition = models.ForeignKey(
        "hiring.Requisition", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    send_after = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    give_up_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which process holds the claim ("host:pid"): the admins' page names the worker a stuck
    # send died with, and the fault test counts the sends in flight at each kill.
    claimed_by = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # Who the email speaks for (a candidate message: its recruiter), told if it bounces.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An admin looked at a failed or bounced email and dismissed it, saying why.
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismiss_reason = models.CharField(max_length=300, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        indexes = [
            # outbox.delivery.dispatch_due_emails and the health figures: only unsent rows,
            # so it stays small however many emails were ever sent.
            models.Index(
                fields=["next_attempt_at"],
                name="outbound_unsent_idx",
                condition=Q(state__in=["pending", "sending"]),
            ),
            # The admins' page (health.views.email_list) and /healthz's emails_failed:
            # failed and bounced sends nobody has dismissed.
            models.Index(
                fields=["-created_at"],
                name="outbound_attention_idx",
                condition=Q(state__in=["failed", "bounced"], dismissed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def message_id(self) -> str:
        """Derived from the key, so every attempt carries the same one and a mail system can
        drop a duplicate."""
        return message_id_for(self.key)


class OutboundAttachment(models.Model):
    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    mimetype = models.CharField(max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.filename
