"""The demo's emails: written by the domain functions as the demo's history was played
(`hiring.demo.DemoClock`), so each carries the moment it was written. Called by
`insights/management/commands/seed_demo.py` once the history is in."""

from django.db.models import F

from .models import OutboundEmail


def deliver_the_past(*, present) -> int:
    """What was due before `present` was delivered when it was due: the invites of an intake
    held weeks ago went out weeks ago, and `make run` does not send them today. What waits
    for its recipient's working day still waits. Every one is readable at "Mail sent"."""
    return OutboundEmail.objects.filter(
        state=OutboundEmail.State.PENDING, send_after__lte=present
    ).update(
        state=OutboundEmail.State.SENT,
        sent_at=F("send_after"),
        queued_at=F("send_after"),
        claimed_at=F("send_after"),
        attempts=1,
    )
