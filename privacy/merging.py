"""Merging two profiles of one person. Someone who may not see a candidate's record starts
a profile of their own with the same email (pipeline/candidates.py); HR leads and admins,
who see every search, find them as possible duplicates and make them one here."""

from django.core.exceptions import ValidationError
from django.db import transaction

from hiring.journal import record_activity
from hiring.models import Activity
from pipeline.candidates import CANDIDATE_FIELDS, lock_email
from pipeline.models import Application, Candidate

from .models import Erasure

NOTES_LIMIT = Candidate._meta.get_field("notes").max_length


def possible_duplicates(candidate) -> list[Candidate]:
    """Other profiles with `candidate`'s address, each with its applications and their
    searches prefetched — for HR leads and admins only (the pages ask first)."""
    return list(
        Candidate.objects.same_email_as(candidate)
        .filter(erasure__isnull=True)
        .prefetch_related("applications__requisition")
        .order_by("pk")
    )


@transaction.atomic
def merge_candidates(*, keep: Candidate, other: Candidate, by) -> Candidate:
    """Fold `other` into `keep`: its applications and résumés move to `keep`, fields empty
    on `keep` are filled from `other` (nothing on `keep` is overwritten; differing notes are
    appended), journal entries naming `other` point at `keep`, and `other` is deleted.
    Journaled in every search of either profile, naming neither the other searches nor any
    personal data. Refuses (ValidationError) two addresses, an erased profile, or two
    profiles in one search (close one application first)."""
    lock_email(keep.email)  # no one adds this address to either profile meanwhile
    first, second = sorted([keep.pk, other.pk])
    locked = Candidate.objects.select_for_update().in_bulk([first, second])
    if keep.pk == other.pk or len(locked) != 2:
        raise ValidationError("Choose another profile of this person.")
    keep, other = locked[keep.pk], locked[other.pk]
    if keep.email.casefold() != other.email.casefold():
        raise ValidationError("Only profiles with the same email can be merged.")
    if Erasure.objects.filter(candidate__in=[keep.pk, other.pk]).exists():
        raise ValidationError("An erased profile cannot be merged.")
    shared = Application.objects.filter(candidate=keep).values("requisition")
    if (both := Application.objects.filter(candidate=other, requisition__in=shared)).exists():
        title = both.select_related("requisition").first().requisition.title
        raise ValidationError(
            f"Both profiles are in “{title}”: close one of those applications first."
        )

    filled = [f for f in CANDIDATE_FIELDS if not getattr(keep, f) and getattr(other, f)]
    for field in filled:
        setattr(keep, field, getattr(other, field))
    if keep.notes and other.notes and other.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{other.notes}"[:NOTES_LIMIT]
        filled.append("notes")
    if filled:
        keep.save(update_fields=sorted(set(filled)))

    requisitions = {a.requisition for a in keep.applications.select_related("requisition")}
    moved = list(other.applications.select_related("requisition"))
    requisitions |= {a.requisition for a in moved}
    other.applications.update(candidate=keep)
    other.resumes.update(candidate=keep)
    # Through the searches' journal index: only the moved applications' searches can name it.
    entries = list(
        Activity.objects.filter(
            requisition__in=[a.requisition_id for a in moved], details__candidate=other.pk
        )
    )
    for entry in entries:
        entry.details = {**entry.details, "candidate": keep.pk}
    Activity.objects.bulk_update(entries, ["details"])
    merged = other.pk
    other.delete()
    for requisition in sorted(requisitions, key=lambda r: r.pk):
        record_activity(
            requisition=requisition,
            actor=by,
            kind=Activity.Kind.CANDIDATES_MERGED,
            summary="Merged two profiles of one candidate (same email) into one",
            details={"candidate": keep.pk, "merged": merged},
        )
    return keep
