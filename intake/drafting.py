"""Editing the agreement: always on the requisition's one draft, never on a sent version.

Editing while a version is active (or awaiting signatures) starts draft N+1 as a copy of the
latest sent version; version N stays in force until N+1 is signed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from hiring.journal import record_activity, record_folded_change
from hiring.models import Requisition

from .access import can_edit_agreement
from .matrix import PARTIES, next_letter
from .models import Agreement, CycleStep, Signer
from .parts import Section, default_parts, fill_new_parts, validate_role_profile


def latest_version(requisition):
    """The newest version that is not a draft and not withdrawn: what a new draft copies."""
    return (
        Agreement.objects.for_requisition(requisition)
        .exclude(state__in=[Agreement.State.DRAFT, Agreement.State.WITHDRAWN])
        .order_by("-version")
        .first()
    )


def current_draft(requisition):
    return Agreement.objects.for_requisition(requisition).draft().first()


@transaction.atomic
def draft_for_editing(*, requisition, edited_by, lock: bool = False) -> Agreement:
    """The requisition's draft, started now if there is none (a copy of the latest version,
    or the organisation's templates for a first agreement).

    The requisition row is locked first, so two editors starting v2 at the same moment
    share one draft; the partial unique constraint backs this up.
    """
    Requisition.objects.select_for_update().filter(pk=requisition.pk).first()
    if not can_edit_agreement(requisition, edited_by):
        raise PermissionDenied("You cannot edit this agreement.")
    drafts = Agreement.objects.for_requisition(requisition).draft()
    if lock:
        drafts = drafts.select_for_update()
    if draft := drafts.first():
        return draft
    source = latest_version(requisition)
    parts = fill_new_parts(source.parts()) if source else default_parts(requisition)
    number = (
        Agreement.objects.for_requisition(requisition).aggregate(n=Max("version"))["n"] or 0
    ) + 1
    try:
        with transaction.atomic():
            draft = Agreement.objects.create(
                requisition=requisition, version=number, created_by=edited_by, **parts
            )
    except IntegrityError:
        return Agreement.objects.for_requisition(requisition).draft().get()
    summary = (
        f"Started agreement v{number} as a copy of v{source.version}"
        if source
        else "Started the agreement (v1) from the organisation's templates"
    )
    record_activity(
        requisition=requisition,
        actor=edited_by,
        kind="agreement_drafted",
        summary=summary,
        details={"version": number},
    )
    return draft


@transaction.atomic
def save_section(*, requisition, section: str, value: dict, edited_by) -> tuple[Agreement, bool]:
    """Store one part of the brief on the draft; journal it when it changed.

    `value` is the part as the form cleaned it; the rules of the part are checked again
    here, so no caller can store a role profile with four must-haves.
    """
    if section not in Section.values:
        raise ValueError(f"Unknown section {section!r}")
    if section == Section.ROLE_PROFILE:
        validate_role_profile(value)
    if section == Section.BUDGET and not _band_ordered(value):
        raise ValidationError({"salary_max": "The top of the band must be at least its bottom."})
    draft = draft_for_editing(requisition=requisition, edited_by=edited_by, lock=True)
    if getattr(draft, section) == value:
        return draft, False
    draft.set_part(section, value)
    draft.save(update_fields=[section, "updated_at"])
    record_activity(
        requisition=requisition,
        actor=edited_by,
        kind="agreement_edited",
        summary=f"Agreement v{draft.version}: changed the {Section(section).label.lower()}",
        details={"version": draft.version, "section": section},
    )
    return draft, True


def _band_ordered(budget: dict) -> bool:
    low, high = budget.get("salary_min"), budget.get("salary_max")
    return low is None or high is None or low <= high


@transaction.atomic
def cycle_matrix_cell(*, requisition, step: str, party: str, edited_by):
    """Move one cell of the draft's matrix one place along R → A → C → I → blank.

    Works on the draft (starting one from the active version if there is none); the row is
    locked so two quick clicks from two people both count, one after the other.
    """
    if step not in CycleStep.values or party not in PARTIES:
        raise ValueError("Unknown step or party.")
    draft = draft_for_editing(requisition=requisition, edited_by=edited_by, lock=True)
    matrix = {s: dict(cells) for s, cells in draft.matrix.items()}
    before = matrix.setdefault(step, {}).get(party, "")
    matrix[step][party] = after = next_letter(before)
    draft.set_part("matrix", matrix)
    draft.save(update_fields=["matrix", "updated_at"])
    record_folded_change(
        requisition=requisition,
        actor=edited_by,
        kind="agreement_edited",
        scope=f"matrix:v{draft.version}",
        item=f"{CycleStep(step).label} × {Signer(party).label}",
        before=before,
        after=after,
        heading=f"Agreement v{draft.version} matrix",
    )
    return draft
