"""Stage limits (issue 21): how long a candidate may sit in each stage, per the party whose
move it then is ("with the manager 2 business days, interviewing 10"), from the agreement
in force (`intake.agreements.StageLimits`).

A candidate past its limit is flagged on the board and the list (`mark_limits`, no query)
and, where no other open commitment already covers the wait (the manager's review of that
candidate, a debrief decision, the feedback of an interview, an offer's preparation — the
floors above say theirs through `STAGE_WAIT_COVERS`), the sweep opens "move the candidate
on" for that party's member of the team, reminded and escalated like any other. Moving the
candidate on meets it (by its owner) or withdraws it (anybody else). Only open searches: a
search on hold or closed opens none.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.business_time import BusinessCalendar, hours_per_day
from commitments.ledger import Promise, meet_commitments, open_commitments, withdraw_commitments
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from config.hooks import Hooks
from hiring.models import Requisition
from intake.agreements import active_agreement_for
from intake.models import LimitedStage

from .models import Application

KIND = CommitmentKind.STAGE_LIMIT

# Application ids among `application_ids` whose wait an open commitment of a higher floor
# covers (interviews: feedback on their interviews, the decision, the offer).
STAGE_WAIT_COVERS = Hooks(
    "pipeline.stage_limits.STAGE_WAIT_COVERS",
    signature="fn(*, application_ids) -> set[int]",
    called_in="`open_stage_limit_commitments`' transaction (reads only)",
)


def limit_of(application, agreement):
    """The agreed limit on the stage `application` is at, or None."""
    if agreement is None or application.stage not in LimitedStage.values:
        return None
    return agreement.stage_limits.for_stage(application.stage)


def limit_passes_at(application, limit, calendar):
    """When the candidate's stay at their stage passes `limit` (business days)."""
    return calendar.add(application.stage_changed_at, timedelta(hours=limit.days * hours_per_day()))


def mark_limits(applications, *, requisition, agreement, now=None) -> None:
    """Set `over_limit` (the StageLimit passed, or None) on each application, for the board
    and the list; reads no rows."""
    now = now or timezone.now()
    calendar = BusinessCalendar.for_requisition(requisition)
    for application in applications:
        limit = limit_of(application, agreement)
        passed = limit is not None and limit_passes_at(application, limit, calendar) <= now
        application.over_limit = limit if passed else None


def _url(application) -> str:
    kwargs = {"pk": application.requisition_id, "application": application.pk}
    return reverse("pipeline:application-detail", kwargs=kwargs)


def _covered(applications) -> set[int]:
    ids = [a.pk for a in applications]
    own = Commitment.objects.open().filter(
        subject_type=ContentType.objects.get_for_model(Application), subject_id__in=ids
    )
    covered = set(own.values_list("subject_id", flat=True))
    for cover in STAGE_WAIT_COVERS:
        covered |= cover(application_ids=ids)
    return covered


@transaction.atomic
def open_stage_limit_commitments(*, now=None) -> list:
    """The sweep (every minute, beat): open "move the candidate on" for each candidate of an
    open search past its agreed stage limit whose wait nothing else covers. Idempotent: a
    candidate with any open commitment about it (this kind included) is left alone, and
    `open_commitments` keeps one open per subject and owner however many sweeps run.
    The deadline is the later of the limit and now, so a limit passed while the search had
    no such section (or Accord was down) starts its ladder with a reminder, not a burst."""
    now = now or timezone.now()
    # A limit is at least one business day, never shorter than `hours_per_day` hours.
    candidates = list(
        Application.objects.filter(
            stage__in=LimitedStage.values,
            requisition__state=Requisition.State.OPEN,
            stage_changed_at__lte=now - timedelta(hours=hours_per_day()),
        ).select_related("candidate")
    )
    if not candidates:
        return []
    covered = _covered(candidates)
    by_search = defaultdict(list)
    for application in candidates:
        if application.pk not in covered:
            by_search[application.requisition_id].append(application)
    searches = Requisition.objects.with_team().in_bulk(list(by_search))
    promises = []
    for requisition_id, applications in by_search.items():
        requisition = searches[requisition_id]
        agreement = active_agreement_for(requisition)
        calendar = BusinessCalendar.for_requisition(requisition)
        for application in applications:
            limit = limit_of(application, agreement)
            if limit is None:
                continue
            passes_at = limit_passes_at(application, limit, calendar)
            owner = requisition.member(limit.party)
            if passes_at > now or owner is None or not owner.is_active:
                continue
            application.requisition = requisition
            label = LimitedStage(application.stage).label.lower()
            promises.append(
                Promise(
                    kind=KIND,
                    requisition=requisition,
                    owner=owner,
                    party=limit.party,
                    subject=application,
                    title=f"Move {application.candidate.name} on: past the agreed "
                    f"{limit.days} business days {label}",
                    url=_url(application),
                    started_at=now,
                    due_at=max(passes_at, now),
                )
            )
    return open_commitments(promises)


def settle_stage_limit(*, application, by, now) -> None:
    """A candidate moved on: their "move the candidate on" is met by its owner's move and
    withdrawn for anyone else's (nobody is counted late for a wait that ended)."""
    meet_commitments(subject=application, kind=KIND, owner=by, met_at=now)
    withdraw_commitments(subject=application, kind=KIND, reason="The candidate moved on.")
