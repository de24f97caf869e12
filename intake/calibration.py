"""The calibration round right after signing (issue 21): within the agreed business days of
the agreement coming into force the recruiter presents 3–5 profiles (real candidates or
anonymised past ones); the hiring manager marks each "yes / no / close" against each
must-have within their agreed review time; the result stands beside the brief, with one
step to amend the brief (a new draft). Both steps are commitments, met on the round's page.

Opened once per search, by the first version in force whose calibration section asks for
a round (new searches do by default; a version copied from one signed before has none).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import meet_commitments, open_commitment
from commitments.service_terms import CommitmentKind, ServiceTerm, Unit
from hiring.journal import record_activity
from hiring.models import TeamRole

from .access import can_send_for_signature
from .agreements import active_agreement_for
from .models import CalibrationRound, Signer
from .parts import CALIBRATION_PROFILES

MARKS = (("yes", "Yes"), ("close", "Close"), ("no", "No"))


def calibration_url(requisition) -> str:
    return reverse("intake:calibration", kwargs={"pk": requisition.pk})


def open_calibration_round(*, agreement, now) -> CalibrationRound | None:
    """At activation: the round and the recruiter's "present the calibration profiles",
    when this version asks for one and the search has had none."""
    requisition = agreement.requisition
    part = agreement.calibration or {}
    recruiter = requisition.member(TeamRole.RECRUITER)
    if not part.get("round") or recruiter is None:
        return None
    if CalibrationRound.objects.filter(requisition=requisition).exists():
        return None
    round_ = CalibrationRound.objects.create(
        requisition=requisition, agreement=agreement, opened_at=now
    )
    days = int(part.get("round_days") or 5)
    open_commitment(
        kind=CommitmentKind.CALIBRATION_PROFILES,
        requisition=requisition,
        owner=recruiter,
        party=Signer.RECRUITER,
        subject=round_,
        title=f"Present {CALIBRATION_PROFILES[0]}–{CALIBRATION_PROFILES[1]} calibration "
        f"profiles for {requisition.title}",
        url=calibration_url(requisition),
        started_at=now,
        term=ServiceTerm(Signer.RECRUITER, days, Unit.BUSINESS_DAYS),
    )
    return round_


@transaction.atomic
def present_profiles(*, round_: CalibrationRound, profiles: list[dict], by) -> CalibrationRound:
    """The recruiter's 3–5 profiles: meets their commitment and opens the hiring manager's
    marking, due within the manager's agreed review time."""
    requisition = round_.requisition
    if not can_send_for_signature(requisition, by):
        raise PermissionDenied("The recruiter presents the calibration profiles.")
    locked = CalibrationRound.objects.select_for_update().get(pk=round_.pk)
    if locked.presented_at is not None:
        raise ValidationError("The profiles are already presented.")
    low, high = CALIBRATION_PROFILES
    profiles = [p for p in profiles if (p.get("label") or "").strip()]
    if not low <= len(profiles) <= high:
        raise ValidationError(f"Present {low} to {high} profiles; you gave {len(profiles)}.")
    now = timezone.now()
    locked.profiles, locked.presented_at = profiles, now
    locked.save(update_fields=["profiles", "presented_at"])
    meet_commitments(subject=locked, kind=CommitmentKind.CALIBRATION_PROFILES, met_at=now)
    manager = requisition.hiring_manager
    if manager is not None:
        agreement = active_agreement_for(requisition)
        review = agreement.service_term(CommitmentKind.REVIEW_CANDIDATE)
        open_commitment(
            kind=CommitmentKind.CALIBRATION_REVIEW,
            requisition=requisition,
            owner=manager,
            party=Signer.HIRING_MANAGER,
            subject=locked,
            title=f"Mark the calibration profiles for {requisition.title}",
            url=calibration_url(requisition),
            started_at=now,
            term=ServiceTerm(Signer.HIRING_MANAGER, review.amount, review.unit),
        )
    record_activity(
        requisition=requisition,
        actor=by,
        kind="calibration_presented",
        summary=f"Presented {len(profiles)} calibration profiles",
        details={"round": locked.pk},
    )
    return locked


@transaction.atomic
def mark_profiles(*, round_: CalibrationRound, marks: list[dict], by) -> CalibrationRound:
    """The hiring manager's yes / no / close per profile and must-have: meets their marking."""
    requisition = round_.requisition
    if requisition.hiring_manager is None or requisition.hiring_manager.pk != by.pk:
        raise PermissionDenied("The hiring manager marks the calibration profiles.")
    locked = CalibrationRound.objects.select_for_update().get(pk=round_.pk)
    if locked.presented_at is None or locked.reviewed_at is not None:
        raise ValidationError("There are no profiles waiting for your marks.")
    musts = locked.agreement.role_profile.get("must_haves", [])
    allowed = {value for value, _ in MARKS}
    if len(marks) != len(locked.profiles) or any(
        set(m) != set(musts) or not set(m.values()) <= allowed for m in marks
    ):
        raise ValidationError("Mark every profile against every must-have.")
    now = timezone.now()
    locked.marks, locked.reviewed_at = marks, now
    locked.save(update_fields=["marks", "reviewed_at"])
    meet_commitments(subject=locked, kind=CommitmentKind.CALIBRATION_REVIEW, met_at=now)
    record_activity(
        requisition=requisition,
        actor=by,
        kind="calibration_marked",
        summary=f"Marked {len(marks)} calibration profiles against the must-haves",
        details={"round": locked.pk},
    )
    return locked
