"""Handing commitments over when the hiring team changes.

When HR replaces the recruiter, the HR generalist or the hiring manager of a search, what
the person who left still owed moves to whoever holds that part now — in the team change's
own transaction (`commitments.following`, a follower of `hiring.team`), so no reminder ever
goes to someone who no longer holds the part. Beat also runs it every minute as a
reconciliation from the database (a team changed outside `assign_hiring_team`, in the
admin say); it is idempotent. Only the three lead parties are handed over; an
interviewer's feedback stays with the interviewer.

A commitment handed over after its deadline had passed keeps the predecessor as its
`late_owner`: whoever held it when the deadline passed answers for it in the figures.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hiring.journal import record_activity
from hiring.models import LEAD_ROLES, HiringTeamMember

from .models import Commitment, Notification


def _orphaned():
    still_there = HiringTeamMember.objects.filter(
        requisition=OuterRef("requisition"), user=OuterRef("owner"), role=OuterRef("party")
    )
    return Commitment.objects.open().filter(party__in=LEAD_ROLES).exclude(Exists(still_there))


@transaction.atomic
def hand_over_commitments(*, limit: int = 500, requisition=None) -> int:
    """Move open commitments whose owner left that part of the team to its new holder
    (only `requisition`'s, when given: the team change itself calls it that way)."""
    moved = 0
    orphaned = _orphaned()
    if requisition is not None:
        orphaned = orphaned.filter(requisition=requisition)
    batch = list(
        orphaned.order_by()  # any order will do; no sort over every open commitment
        .select_related("requisition", "owner")
        .select_for_update(skip_locked=True, of=("self",))[:limit]
    )
    holders = {
        (m.requisition_id, m.role): m.user
        for m in HiringTeamMember.objects.filter(
            requisition_id__in={c.requisition_id for c in batch}, role__in=LEAD_ROLES
        ).select_related("user")
    }
    now = timezone.now()
    for commitment in batch:
        successor = holders.get((commitment.requisition_id, commitment.party))
        if successor is None:
            continue  # nobody holds the part yet: it waits for the team to be complete
        predecessor = commitment.owner
        clash = Commitment.objects.open().filter(
            kind=commitment.kind,
            subject_type=commitment.subject_type_id,
            subject_id=commitment.subject_id,
            owner=successor,
        )
        if clash.exists():
            # The successor already owes the same thing: one promise, not two.
            Commitment.objects.filter(pk=commitment.pk).withdraw(
                reason=f"Handed over to {successor.display_name}, who owed it already.", now=now
            )
        else:
            moved_fields = {"owner": successor}
            if commitment.is_late_at(now):
                # Already late in the predecessor's hands: the lateness stays theirs in the
                # figures (insights.figures, "Hand-over"); the successor owes it from now.
                moved_fields["late_owner_id"] = commitment.late_owner_id or predecessor.pk
            Commitment.objects.filter(pk=commitment.pk).update(**moved_fields)
            Notification.objects.create(
                recipient=successor,
                requisition=commitment.requisition,
                text=f"You now owe “{commitment.title}” on {commitment.requisition.title}, "
                f"handed over from {predecessor.display_name}.",
                url=commitment.url,
            )
        record_activity(
            requisition=commitment.requisition,
            actor=None,
            kind="commitment_handed_over",
            summary=f"Handed “{commitment.title}” over from {predecessor.display_name} "
            f"to {successor.display_name}",
            details={"commitment": commitment.pk},
        )
        moved += 1
    return moved
