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

from config.bulk_insert import insert_rows
from hiring.journal import record_activities
from hiring.models import LEAD_ROLES, Activity, HiringTeamMember

from .models import Commitment, Notification


def _orphaned():
    still_there = HiringTeamMember.objects.filter(
        requisition=OuterRef("requisition"), user=OuterRef("owner"), role=OuterRef("party")
    )
    return Commitment.objects.open().filter(party__in=LEAD_ROLES).exclude(Exists(still_there))


@transaction.atomic
def hand_over_commitments(*, limit: int = 500, requisition=None) -> int:
    """Move open commitments whose owner left that part of the team to its new holder
    (only `requisition`'s, when given: the team change itself calls it that way).

    About ten queries whatever the number moved: the claim (SKIP LOCKED), the holders, what
    the successors already owe, one UPDATE of the owners, the doubles withdrawn (their
    waiting emails cancelled), and one INSERT each of notifications and journal entries."""
    orphaned = _orphaned()
    if requisition is not None:
        orphaned = orphaned.filter(requisition=requisition)
    batch = list(
        orphaned.order_by()  # any order will do; no sort over every open commitment
        .select_related("requisition", "owner")
        .select_for_update(skip_locked=True, of=("self",))[:limit]
    )
    if not batch:
        return 0
    holders = {
        (m.requisition_id, m.role): m.user
        for m in HiringTeamMember.objects.filter(
            requisition_id__in={c.requisition_id for c in batch}, role__in=LEAD_ROLES
        ).select_related("user")
    }
    moves = [(c, holders.get((c.requisition_id, c.party))) for c in batch]
    moves = [(c, successor) for c, successor in moves if successor is not None]
    if not moves:
        return 0  # nobody holds the parts yet: they wait for the teams to be complete
    owed_already = set(
        Commitment.objects.open()
        .filter(
            owner__in={s.pk for _, s in moves},
            subject_id__in={c.subject_id for c, _ in moves},
            kind__in={c.kind for c, _ in moves},
        )
        .values_list("kind", "subject_type_id", "subject_id", "owner_id")
    )
    now = timezone.now()
    moved, withdrawn, notices, entries = [], [], [], []
    for commitment, successor in moves:
        predecessor = commitment.owner
        key = (commitment.kind, commitment.subject_type_id, commitment.subject_id, successor.pk)
        if key in owed_already:
            # The successor already owes the same thing: one promise, not two.
            withdrawn.append(commitment.pk)
        else:
            owed_already.add(key)  # two orphans of one promise: the second is a double
            if commitment.is_late_at(now):
                # Already late in the predecessor's hands: the lateness stays theirs in the
                # figures (insights.figures, "Hand-over"); the successor owes it from now.
                commitment.late_owner_id = commitment.late_owner_id or predecessor.pk
            commitment.owner = successor
            moved.append(commitment)
            notices.append(
                Notification(
                    recipient=successor,
                    requisition=commitment.requisition,
                    text=f"You now owe “{commitment.title}” on {commitment.requisition.title}, "
                    f"handed over from {predecessor.display_name}."[:400],
                    url=commitment.url,
                    created_at=now,
                )
            )
        entries.append(
            Activity(
                requisition=commitment.requisition,
                actor=None,
                kind="commitment_handed_over",
                summary=f"Handed “{commitment.title}” over from {predecessor.display_name} "
                f"to {successor.display_name}",
                details={"commitment": commitment.pk},
                created_at=now,
            )
        )
    Commitment.objects.bulk_update(moved, ["owner", "late_owner"])
    Commitment.objects.filter(pk__in=withdrawn).withdraw(
        reason="Handed over to the new holder of the part, who owed it already.", now=now
    )
    insert_rows(notices)
    record_activities(entries)
    return len(moves)
