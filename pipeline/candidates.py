"""Adding candidates to a search. One person is one Candidate: the same email, in any case,
links to the person already known instead of making a second one (issue 9)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.hooks import Hooks
from hiring.journal import record_activity

from .models import Application, Candidate, Stage, StageChange, stage_label
from .resumes import store_resume

# Floors above follow what is known about a person (the talent pool's documents, issue 22).
CANDIDATE_CHANGES = Hooks(
    "pipeline.candidates.CANDIDATE_CHANGES",
    signature="fn(*, candidate_id, resume_id=None) -> None",
    called_in="the caller's transaction: a person added, screened or sent a new résumé",
)


def tell_candidate_changed(*, candidate_id: int, resume_id: int | None = None) -> None:
    for follower in CANDIDATE_CHANGES:
        follower(candidate_id=candidate_id, resume_id=resume_id)


CANDIDATE_FIELDS = (
    "name",
    "phone",
    "location",
    "linkedin_url",
    "portfolio_url",
    "current_title",
    "current_company",
    "notes",
)


def find_or_create_candidate(*, email: str, details: dict, by) -> tuple[Candidate, bool]:
    """The candidate with this email (case-insensitive), else a new one. A known candidate
    keeps what is already on file; only empty fields are filled in from `details`."""
    email = email.strip()
    existing = Candidate.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                return Candidate.objects.create(email=email, created_by=by, **details), True
        except IntegrityError:
            # Added by someone else a moment ago: theirs is the one.
            existing = Candidate.objects.get(email__iexact=email)
    blanks = [f for f in CANDIDATE_FIELDS if not getattr(existing, f) and details.get(f)]
    for field in blanks:
        setattr(existing, field, details[field])
    if blanks:
        existing.save(update_fields=blanks)
    return existing, False


@transaction.atomic
def add_candidate(
    *, requisition, email: str, details: dict, application: dict, resume=None, resume_kind=None, by
) -> Application:
    """Put a person into a search at "applied", with their résumé. Refuses (ValidationError on
    "email") a person who is already in this search."""
    candidate, created = find_or_create_candidate(email=email, details=details, by=by)
    if Application.objects.filter(candidate=candidate, requisition=requisition).exists():
        raise ValidationError(
            {"email": f"{candidate.name} ({candidate.email}) is already in this search."}
        )
    now = timezone.now()
    row = Application(
        requisition=requisition,
        candidate=candidate,
        stage=Stage.APPLIED,
        stage_changed_at=now,
        sourced_by=by,
        created_at=now,
        **application,
    )
    if resume is not None:
        row.resume = store_resume(candidate=candidate, upload=resume, kind=resume_kind, by=by)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ValidationError(
            {"email": f"{candidate.name} ({candidate.email}) is already in this search."}
        ) from None
    StageChange.objects.create(
        application=row, to_stage=Stage.APPLIED, to_label=stage_label(Stage.APPLIED), by=by, at=now
    )
    known = "" if created else " (already known from another search)"
    record_activity(
        requisition=requisition,
        actor=by,
        kind="candidate_added",
        summary=f"Added {candidate.name}{known} · {row.get_source_display()}",
        details={"application": row.pk, "candidate": candidate.pk, "known": not created},
    )
    tell_candidate_changed(candidate_id=candidate.pk, resume_id=row.resume_id)
    return row


@transaction.atomic
def replace_resume(*, application, upload, kind, by):
    application.resume = store_resume(
        candidate=application.candidate, upload=upload, kind=kind, by=by
    )
    application.save(update_fields=["resume", "updated_at"])
    record_activity(
        requisition=application.requisition,
        actor=by,
        kind="resume_uploaded",
        summary=f"New résumé for {application.candidate.name}",
        details={"application": application.pk},
    )
    tell_candidate_changed(candidate_id=application.candidate_id, resume_id=application.resume_id)
    return application.resume
