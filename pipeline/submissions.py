"""Submitting screened candidates to the hiring manager, one or several at once.

Each submission opens the manager's "review a submitted candidate" under the agreement's
service level and counts toward the first shortlist (pipeline.stages); the manager is told
once per batch, in the app and by email (seed 004: "once candidates are initially screened,
a hiring manager could be automatically informed of top candidates").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from hiring.journal import record_activity

from .models import Stage
from .notices import notify_submitted
from .stages import MoveRefused, _move


@transaction.atomic
def submit_applications(*, applications, by) -> list:
    """Submit each of `applications` (all of one search); all or nothing: if one is refused
    (its screening is not complete, say) nothing is submitted and ValidationError names it."""
    # Locked in id order, so two batches sharing candidates cannot deadlock.
    applications = sorted(applications, key=lambda a: a.pk)
    if not applications:
        raise ValidationError("Choose at least one screened candidate to submit.")
    changes = []
    for application in applications:
        if application.stage != Stage.SCREENING:
            raise ValidationError(
                f"{application.candidate.name} is at {application.stage_label}, not screening."
            )
        try:
            changes.append(_move(application=application, to_stage=Stage.SUBMITTED, by=by))
        except MoveRefused as refused:
            raise ValidationError(f"{application.candidate.name}: {refused.messages[0]}") from None
    moved = [c.application for c in changes]
    if len(moved) > 1:
        record_activity(
            requisition=moved[0].requisition,
            actor=by,
            kind="candidates_submitted",
            summary=f"Submitted {len(moved)} candidates to the hiring manager in one batch",
            details={"applications": [a.pk for a in moved]},
        )
    notify_submitted(applications=moved, by=by)
    return moved
