"""An owner's honest answer to a deadline (issue 18): "not mine" and "I need more time",
each waiting for the other side's yes or no."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .commitment import Commitment


class AnswerQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=CommitmentAnswer.State.PENDING)

    def lapse_stale(self, now) -> int:
        """Requests for more time still unanswered when the old deadline passed: the old
        one stands (issue 18), so they lapse — and no longer block a new answer."""
        return (
            self.pending()
            .filter(kind=CommitmentAnswer.Kind.EXTEND, old_due_at__lte=now)
            .update(state=CommitmentAnswer.State.LAPSED, answered_at=now)
        )


class CommitmentAnswer(models.Model):
    """The owner declined a commitment (it went to whoever's part it is) or asked for a new
    deadline; the receiver (a decline) or the counterpart or HR (an extension) accepts or
    refuses. One pending answer per commitment (`answer_one_pending`). Written only by
    `commitments.answers`."""

    class Kind(models.TextChoices):
        DECLINE = "decline", "Not mine"
        EXTEND = "extend", "More time"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"
        LAPSED = "lapsed", "Not answered in time"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="answers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    # One of commitments.answers.DECLINE_REASONS (a decline) or "" (an extension).
    reason_code = models.CharField(max_length=30, blank=True)
    reason = models.CharField(max_length=300)
    # A decline: who had it and in which part, so a refusal gives it back as it was.
    from_party = models.CharField(max_length=20, blank=True)
    from_late_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An extension: the deadline asked for, and the one it would replace.
    proposed_due_at = models.DateTimeField(null=True, blank=True)
    old_due_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(max_length=300, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"], condition=Q(state="pending"), name="answer_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.commitment}"

    @property
    def reason_label(self) -> str:
        return self.reason
