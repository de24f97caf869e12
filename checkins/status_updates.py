"""The weekly status update from the recruiter to the hiring manager (DESIGN: "send status
update to the HM | recruiter | weekly, on the agreed day | end of that day"): the recruiter
sends it. The weekly request and the email are `checkins.status_requests`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from commitments.ledger import meet_commitments
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.journal import record_activity
from hiring.models import Requisition

from .models import StatusUpdate, StatusUpdateRequest
from .status_requests import agreed_status_update
from .tasks import email_status_update


def can_send_status_update(requisition, user) -> bool:
    return requisition.state == Requisition.State.OPEN and (
        agreed_status_update(requisition).party in requisition.roles_of(user)
    )


@transaction.atomic
def send_status_update(*, requisition, author, progress, pipeline="", blockers="", next_steps=""):
    """Record the update, journal it, meet every open status-update commitment of this
    search, and email the hiring manager once the transaction commits."""
    if not can_send_status_update(requisition, author):
        raise PermissionDenied("Only the person agreed to send status updates can send one.")
    update = StatusUpdate.objects.create(
        requisition=requisition,
        author=author,
        progress=progress,
        pipeline=pipeline,
        blockers=blockers,
        next_steps=next_steps,
    )
    record_activity(
        requisition=requisition,
        actor=author,
        kind="status_update",
        summary=f"Sent a status update to the hiring manager: {progress[:200]}",
        details={"status_update": update.pk},
    )
    open_requests = StatusUpdateRequest.objects.filter(
        requisition=requisition,
        pk__in=Commitment.objects.open()
        .filter(requisition=requisition, kind=CommitmentKind.STATUS_UPDATE)
        .values("subject_id"),
    )
    for request in open_requests:
        meet_commitments(subject=request, kind=CommitmentKind.STATUS_UPDATE, met_at=update.sent_at)
    email_status_update.delay_on_commit(update.pk)
    return update
