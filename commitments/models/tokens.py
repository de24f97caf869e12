"""Buttons in emails (issue 18, "Act from the message"): each a link whose token is signed
and bound to one person, one commitment and one action (commitments.actions). The token
itself is stateless, so a sweep writing a thousand reminders writes no extra rows; a row
here is written when one is used, and its unique digest makes it single-use."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from .commitment import Commitment


def token_digest(token: str) -> str:
    """Only a digest is stored: the table shows which tokens were used, never a usable one."""
    return hashlib.sha256(token.encode()).hexdigest()


class ActionToken(models.Model):
    """A token that was used: who, on what, which action, when and from which address
    (journaled too). Claimed by its unique digest in the action's own transaction, so two
    clicks — or a click and a replay — act once."""

    digest = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_tokens"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="action_tokens"
    )
    action = models.CharField(max_length=40)
    used_at = models.DateTimeField(default=timezone.now)
    used_from = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self):
        return f"{self.action} on {self.commitment_id} by {self.person_id}"
