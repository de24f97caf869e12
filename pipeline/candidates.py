"""Adding candidates to a search, and who shares a person's record.

A Candidate (contact details and the recruiter's notes) is shared only among people who may
see at least one of its applications (`Candidate.objects.visible_to`). Adding someone whose
email is already on file links to that record only when the person adding may see it;
otherwise the new application starts a profile of its own with the same email, and nothing
of the other record is shown, named or changed. HR leads and admins, who see every search,
find such profiles as "possible duplicates" on the personal-data page and may merge them
(`privacy.merging.merge_candidates`, journaled in every search involved)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
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
HIDDEN_DUPLICATE = (
    "Someone with this email is already in this search, added by another recruiter. "
    "Ask the search's recruiter or HR."
)


def lock_email(email: str) -> None:
    """Two people adding the same address at once, one after the other: on PostgreSQL a
    transaction-scoped advisory lock on the address (SQLite's write transactions are already
    one at a time). Without it both could miss the other's profile and make two."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(lower(%s)))", [email])


def find_or_create_candidate(*, email: str, details: dict, by) -> tuple[Candidate, bool]:
    """The candidate with this email (case-insensitive) whom `by` may see, else a new
    profile with this email. A record `by` may not see is never returned, read or changed;
    a visible one keeps what is already on file, only its empty fields are filled in from
    `details`. Call it inside a transaction (the address is locked until it ends)."""
    email = email.strip()
    lock_email(email)
    existing = Candidate.objects.visible_to(by).filter(email__iexact=email).order_by("pk").first()
    if existing is None:
        return Candidate.objects.create(email=email, created_by=by, **details), True
    blanks = [f for f in CANDIDATE_FIELDS if not getattr(existing, f) and details.get(f)]
    for field in blanks:
        setattr(existing, field, details[field])
    if blanks:
        existing.save(update_fields=blanks)
    return existing, False


def _refuse_if_in_search(*, requisition, email: str, by) -> None:
    """Refuses (ValidationError on "email") an address already in this search, naming the
    person only to someone who may see their application there."""
    here = Application.objects.filter(requisition=requisition, candidate__email__iexact=email)
    seen = Application.objects.visible_to(by).filter(pk__in=here.values("pk"))
    if (known := seen.select_related("candidate").first()) is not None:
        candidate = known.candidate
        raise ValidationError(
            {"email": f"{candidate.name} ({candidate.email}) is already in this search."}
        )
    if here.exists():
        raise ValidationError({"email": HIDDEN_DUPLICATE})


@transaction.atomic
def add_candidate(
    *, requisition, email: str, details: dict, application: dict, resume=None, resume_kind=None, by
) -> Application:
    """Put a person into a search at "applied", with their résumé. Refuses (ValidationError on
    "email") a person who is already in this search. Never shows or changes a record of
    the same address that `by` may not see (module docstring)."""
    email = email.strip()
    lock_email(email)
    _refuse_if_in_search(requisition=requisition, email=email, by=by)
    candidate, created = find_or_create_candidate(email=email, details=details, by=by)
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
    # The journal is read by the whole team: it says nothing of other searches.
    record_activity(
        requisition=requisition,
        actor=by,
        kind="candidate_added",
        summary=f"Added {candidate.name} · {row.get_source_display()}",
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
