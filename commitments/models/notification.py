from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone

from hiring.models import Requisition

from .commitment import Commitment, Step


class Reminder(models.Model):
    """One ladder step of one commitment for one recipient: written once, by the sweep,
    in the same transaction as its in-app notification (unique key below) and, for people
    who get emails at once, its OutboundEmail. Digest readers' reminders wait (`email`
    empty) until the morning digest links them to the one email that carried them."""

    class Email(models.TextChoices):
        OUTBOX = "outbox", "Its own email"
        DIGEST = "digest", "Goes in the daily digest"
        NONE = "none", "No email address"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    step = models.PositiveSmallIntegerField(choices=Step.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    created_at = models.DateTimeField(default=timezone.now)
    email_state = models.CharField(max_length=10, choices=Email.choices, default=Email.OUTBOX)
    email = models.ForeignKey(
        "outbox.OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "step", "recipient"], name="reminder_once_per_step"
            )
        ]
        indexes = [
            # commitments.delivery.queue_digest: a person's reminders waiting for the digest.
            models.Index(
                fields=["recipient"],
                name="reminder_digest_waiting_idx",
                condition=Q(email_state="digest", email__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_step_display()} of {self.commitment} to {self.recipient}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def supersede_reminders(self, *, commitment_ids, recipient_ids, now) -> int:
        """Mark read the unread ladder notices of these commitments to these people (the
        sweep, before it writes the next step's). Reached from the commitments' reminders
        (commitments_reminder_commitment_id, then the notice's unique reminder_id), never
        from the recipients' unread lists: one person with 10,000 unread notices made the
        planner, on fresh tables' statistics, walk them all in every batch (15-70 ms)."""
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return self.filter(
                read_at__isnull=True,
                reminder__commitment_id__in=commitment_ids,
                recipient_id__in=recipient_ids,
            ).update(read_at=now)
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH earlier AS MATERIALIZED ("
                f"SELECT id FROM {Reminder._meta.db_table} WHERE commitment_id = ANY(%s)) "
                f"UPDATE {self.model._meta.db_table} AS n SET read_at = %s FROM earlier "
                "WHERE n.reminder_id = earlier.id AND n.read_at IS NULL "
                "AND n.recipient_id = ANY(%s)",
                [sorted(commitment_ids), now, sorted(recipient_ids)],
            )
            return cursor.rowcount


class Notification(models.Model):
    """What the bell shows. Reminders write one each; other events may too."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )
    # The event it tells of (commitments.notices), so telling twice tells once; empty for
    # ladder reminders, which are unique through their Reminder.
    key = models.CharField(max_length=200, blank=True)
    # An event notice for someone who chose the daily digest: its email waits for that.
    awaiting_digest = models.BooleanField(default=False)
    level = models.CharField(max_length=12, default="info")
    text = models.CharField(max_length=400)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_once_per_event",
            )
        ]
        indexes = [
            # The daily digest: event notices waiting for their recipient's digest email.
            models.Index(
                fields=["recipient"],
                name="notification_digest_idx",
                condition=Q(awaiting_digest=True),
            ),
            # The bell's unread count on every page.
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self):
        return self.text
