"""A recruiter passing on a search at intake (DESIGN: "if you cannot come to terms, pass
and move on")."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import withdraw_commitments
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind
from hiring.journal import record_activity
from hiring.lifecycle import move_requisition
from hiring.models import Requisition

from .access import can_decline_search
from .models import Agreement, SearchDecline


@transaction.atomic
def decline_search(*, requisition, declined_by, reason: str) -> SearchDecline:
    """Record the decline with its reason, withdraw unsigned versions and their signing
    commitments, and cancel the requisition when its state allows it."""
    reason = reason.strip()
    if not can_decline_search(requisition, declined_by):
        raise PermissionDenied("Only the search's recruiter can decline it.")
    if not reason:
        raise ValidationError({"reason": "Say why you are declining the search."})
    if Agreement.objects.for_requisition(requisition).active().exists():
        raise ValidationError("The agreement is already in force; ask HR to cancel instead.")
    decline = SearchDecline.objects.create(
        requisition=requisition, declined_by=declined_by, reason=reason[:1000]
    )
    now = timezone.now()
    for version in Agreement.objects.for_requisition(requisition).awaiting_signatures():
        version.state, version.closed_at = Agreement.State.WITHDRAWN, now
        version.save(update_fields=["state", "closed_at", "updated_at"])
        withdraw_commitments(
            subject=version, kind=CommitmentKind.SIGN_AGREEMENT, reason="The search was declined."
        )
    record_activity(
        requisition=requisition,
        actor=declined_by,
        kind="search_declined",
        summary=f"Declined the search at intake: {reason}",
        details={"decline": decline.pk},
    )
    notify_event(
        event="requisition.declined",
        requisition=requisition,
        actor=declined_by,
        text=f"{declined_by.display_name} declined the search {requisition.title}: {reason}",
        url=reverse("hiring:requisition-detail", kwargs={"pk": requisition.pk}),
        # The same key as the cancellation that follows: the team is told once.
        key=f"requisition:{requisition.pk}:closed",
    )
    if requisition.can_move_to(Requisition.State.CANCELLED):
        move_requisition(
            requisition=requisition,
            to_state=Requisition.State.CANCELLED,
            moved_by=declined_by,
            reason=f"Declined by the recruiter: {reason}"[:250],
        )
    return decline
