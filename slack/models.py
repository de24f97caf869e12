"""A person's Slack side and the direct messages Accord sends there (README, "Integrations").

`SlackAccount` caches who a person is in the workspace — found by their email through
`users.lookupByEmail`, looked up again after ACCORD_SLACK_RECHECK_HOURS or when their email
changes — and whether they want Accord's messages in Slack at all. `SlackMessage` is the
outbox of Slack: one row per reminder or notice carried by Slack, written in the same
transaction as the email it stands in for (which is held meanwhile, `outbox.delivery`), sent
by a task that claims it first (slack.delivery has the state machine).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SlackAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="slack_account",
    )
    # "" when the workspace has nobody with the person's email (then email it is).
    slack_user_id = models.CharField(max_length=32, blank=True)
    handle = models.CharField(max_length=100, blank=True)
    looked_up_email = models.CharField(max_length=254, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # The person's choice on Settings → Slack: off, their reminders and notices are emails.
    direct_messages = models.BooleanField(default=True)

    class Meta:
        indexes = [
            # slack.interactions: the Accord person behind the Slack user who pressed a button.
            models.Index(fields=["slack_user_id"], name="slack_account_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} as @{self.handle or '?'}"

    @property
    def connected(self) -> bool:
        return bool(self.slack_user_id)

    def is_fresh(self, email: str, now=None) -> bool:
        """Looked up recently, for this very email: no need to ask Slack again."""
        now = now or timezone.now()
        recheck = settings.ACCORD_SLACK_RECHECK_HOURS
        return (
            self.checked_at is not None
            and self.looked_up_email.lower() == (email or "").lower()
            and (now - self.checked_at).total_seconds() < recheck * 3600
        )


class SlackMessageQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(state=SlackMessage.State.PENDING, next_attempt_at__lte=now)


class SlackMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Claimed by a worker"
        SENT = "sent", "Delivered in Slack"
        EMAILED = "emailed", "Sent by email instead"
        CANCELLED = "cancelled", "Cancelled"

    email = models.OneToOneField(
        "outbox.OutboundEmail", on_delete=models.CASCADE, related_name="slack_message"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slack_messages"
    )
    requisition = models.ForeignKey(
        "hiring.Requisition", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A step of a commitment's ladder: worded, with its buttons, when it goes.
    reminder = models.ForeignKey(
        "commitments.Reminder", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A notice: its words, its page and its buttons (commitments.actions.buttons).
    text = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=300, blank=True)
    buttons = models.JSONField(default=list, blank=True)

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    # Where Slack put it (the DM's channel and the message's ts), for chat.update.
    channel = models.CharField(max_length=32, blank=True)
    ts = models.CharField(max_length=32, blank=True)
    # What a button did, or why it could not: the message is updated to say so.
    outcome = models.CharField(max_length=400, blank=True)

    objects = SlackMessageQuerySet.as_manager()

    class Meta:
        indexes = [
            # slack.delivery.dispatch_due: only unsent rows, small however many were sent.
            models.Index(
                fields=["next_attempt_at"],
                name="slack_unsent_idx",
                condition=Q(state__in=["pending", "sending"]),
            ),
            # slack.interactions: the message a button was pressed in.
            models.Index(fields=["channel", "ts"], name="slack_message_ts_idx"),
        ]

    def __str__(self):
        return f"Slack message {self.pk} to {self.recipient_id} ({self.state})"
