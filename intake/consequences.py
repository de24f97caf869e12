"""Agreed consequences (issue 21): what follows a deadline still missed after the last step
of its reminder ladder (the second escalation), as the agreement in force agreed it — the
late person's own manager told (`User.reports_to`), an HR lead told, the search marked "at
risk" on the status board until the overdue work is met.

Guarantee: carried out once per commitment. The sweep claims its rows with SKIP LOCKED and
writes a `Consequence` (one per commitment, a unique key) in the same transaction as the
notices, so two sweeps at once, a retry or a killed worker never tell anyone twice; a
commitment whose agreement agreed no consequence gets an empty row, so it is looked at once.
Only open searches: a held or closed one carries out nothing (its clocks are paused or over).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from commitments.models import Commitment, Step
from commitments.notices import notify_event
from hiring.journal import record_activity
from hiring.models import Requisition

from .agreements import active_agreement_for
from .models import Consequence

BATCH = 200


def _told(commitment, consequences) -> list[tuple[object, str]]:
    """Who the agreement says is told, and as whom; only active people, each once."""
    people = []
    owner = commitment.owner
    manager = owner.reports_to
    if consequences.tell_owners_manager and manager is not None and manager.is_active:
        people.append((manager, f"{owner.display_name}'s manager"))
    if consequences.hr_lead_id is not None:
        lead = User.objects.filter(pk=consequences.hr_lead_id, is_active=True).first()
        if lead is not None and lead.pk not in {p.pk for p, _ in people}:
            people.append((lead, "HR lead"))
    return [(p, why) for p, why in people if p.pk != owner.pk]


@transaction.atomic
def apply_consequences(*, now=None) -> list[Consequence]:
    """One batch of commitments past their last escalation and still open, each carried out
    once (see the module's guarantee). Returns the consequences written."""
    now = now or timezone.now()
    due = list(
        Commitment.objects.open()
        .filter(
            last_step=Step.SECOND_ESCALATION,
            consequence__isnull=True,
            requisition__state=Requisition.State.OPEN,
        )
        .select_related("requisition", "owner__reports_to")
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))[:BATCH]
    )
    written = []
    for commitment in due:
        requisition = commitment.requisition
        agreement = active_agreement_for(requisition)
        agreed = agreement.consequences if agreement is not None else None
        told = _told(commitment, agreed) if agreed is not None else []
        at_risk = bool(agreed and agreed.mark_at_risk)
        try:
            with transaction.atomic():
                consequence = Consequence.objects.create(
                    commitment=commitment,
                    requisition=requisition,
                    applied_at=now,
                    told=[{"id": p.pk, "name": p.display_name, "as": why} for p, why in told],
                    at_risk=at_risk,
                )
        except IntegrityError:
            continue  # carried out by another sweep in between
        written.append(consequence)
        if not (told or at_risk):
            continue
        owner = commitment.owner.display_name
        if told:
            notify_event(
                event="commitment.consequence",
                requisition=requisition,
                people=[p for p, _ in told],
                text=f"{owner} has still not met “{commitment.title}” on {requisition.title} "
                "after the last escalation; the search's agreement says you are told",
                url=commitment.url,
                key=f"consequence:{commitment.pk}",
            )
        parts = (
            [f"told {', '.join(f'{p.display_name} ({why})' for p, why in told)}"] if told else []
        )
        if at_risk:
            parts.append("the search is at risk until it is met")
        record_activity(
            requisition=requisition,
            actor=None,
            kind="consequence_applied",
            summary=f"Still missed after the last escalation: “{commitment.title}” "
            f"({owner}): {'; '.join(parts)}",
            details={"commitment": commitment.pk, "told": [p.pk for p, _ in told]},
        )
    return written


def at_risk_requisition_ids(requisition_ids) -> set[int]:
    """Of these searches, those at risk: an agreed consequence marked them and the overdue
    commitment is still open. One query."""
    return set(
        Consequence.objects.filter(
            requisition_id__in=requisition_ids,
            at_risk=True,
            commitment__state=Commitment.State.OPEN,
        ).values_list("requisition_id", flat=True)
    )
