"""Decisions checked against the brief (issue 21): when the hiring manager rejects a
submitted or interviewed candidate, they say which part of the brief the candidate falls
short of — a must-have ("lacks <must-have>"), a nice-to-have — or that it is something the
brief does not name, in a few words. The disposition reason stays as it is (what the
candidate is told and the figures count); this is the hiring side's reason against the
agreement in force, kept on the rejection's `StageChange.against_brief`:

    {"kind": "must_have" | "nice_to_have" | "unnamed", "criterion": the brief's words,
     "text": the manager's words (unnamed only), "version": the agreement version,
     "screened_all_musts": the screening rated every must-have "meets" or better}

Stored words, not indexes: the rejection reads the same after the brief is amended.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from . import access
from .models import Stage

TEXT_MAX = 200
# Where the hiring side decides on a candidate: the review and after interviews.
DECIDED_STAGES = (Stage.SUBMITTED, Stage.INTERVIEW)


class BriefReasonKind(models.TextChoices):
    MUST_HAVE = "must_have", "Lacks a must-have"
    NICE_TO_HAVE = "nice_to_have", "Lacks a nice-to-have"
    UNNAMED = "unnamed", "Something the brief does not name"


UNNAMED = BriefReasonKind.UNNAMED.value


@dataclass(frozen=True)
class BriefReason:
    """What a form posted: a choice ("must:<i>", "nice:<i>", "unnamed") and, for the
    unnamed reason, its short text."""

    choice: str = ""
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.choice)


def brief_reason_choices(profile) -> list[tuple[str, str]]:
    """The choices a rejection offers, from the role profile in force, in the brief's words."""
    if profile is None:
        return [(UNNAMED, BriefReasonKind.UNNAMED.label)]
    return (
        [(f"must:{i}", f"Lacks {text}") for i, text in enumerate(profile.must_haves)]
        + [
            (f"nice:{i}", f"Lacks {text} (nice-to-have)")
            for i, text in enumerate(profile.nice_to_haves)
        ]
        + [(UNNAMED, BriefReasonKind.UNNAMED.label)]
    )


def needs_brief_reason(*, requisition, by, from_stage: str) -> bool:
    """The hiring manager rejecting a candidate they decide on owes a reason against the
    brief; anyone standing in (HR on the review) may give one."""
    return from_stage in DECIDED_STAGES and access.is_hiring_manager(requisition, by)


def meets_every_must_have(application, profile) -> bool:
    """The screening rated each must-have of `profile` 3 ("meets") or 4."""
    if profile is None or not profile.must_haves:
        return False
    try:
        ratings = application.screening.must_have_ratings or []
    except type(application).screening.RelatedObjectDoesNotExist:
        return False
    by_text = {row.get("criterion"): row.get("rating") for row in ratings}
    return all((by_text.get(text) or 0) >= 3 for text in profile.must_haves)


def against_brief_of(*, reason: BriefReason | None, application, agreement) -> dict:
    """The record of `reason` against the version in force, or raise ValidationError (on the
    field `against_brief` or `against_brief_text`) when it names nothing of that brief."""
    reason = reason or BriefReason()
    profile = agreement.role_profile if agreement else None
    kind, _, index = reason.choice.partition(":")
    text = " ".join((reason.text or "").split())
    if kind == UNNAMED and not index:
        if not text:
            raise ValidationError(
                {"against_brief_text": "Say in a few words what the brief does not name."}
            )
        if len(text) > TEXT_MAX:
            raise ValidationError({"against_brief_text": f"At most {TEXT_MAX} characters."})
        criterion, kind = "", BriefReasonKind.UNNAMED
    else:
        texts = {"must": profile.must_haves, "nice": profile.nice_to_haves} if profile else {}
        found = texts.get(kind, ())
        if not index.isdigit() or int(index) >= len(found):
            raise ValidationError(
                {"against_brief": "Choose what the brief says the candidate lacks."}
            )
        criterion, text = found[int(index)], ""
        kind = BriefReasonKind.MUST_HAVE if kind == "must" else BriefReasonKind.NICE_TO_HAVE
    return {
        "kind": kind.value,
        "criterion": criterion,
        "text": text,
        "version": agreement.version if agreement else None,
        "screened_all_musts": meets_every_must_have(application, profile),
    }


def brief_reason_for_move(*, reason, application, requisition, by, agreement, to_stage) -> dict:
    """What `move_application` stores on a rejection: {} when none is owed or given, the
    record when one is; raises ValidationError when one is owed and missing or wrong."""
    if to_stage != Stage.REJECTED or application.stage not in DECIDED_STAGES:
        return {}
    owed = needs_brief_reason(requisition=requisition, by=by, from_stage=application.stage)
    if not reason:
        if owed and agreement is not None:
            raise ValidationError(
                {
                    "against_brief": "Say what the candidate lacks against the brief, or "
                    "that it is something the brief does not name."
                }
            )
        return {}
    return against_brief_of(reason=reason, application=application, agreement=agreement)


def describe(against: dict) -> str:
    """One line for the journal and the pages: "lacks Python" / "not in the brief: …"."""
    if not against:
        return ""
    if against.get("kind") == UNNAMED:
        return f"not in the brief: {against.get('text', '')}"
    suffix = " (nice-to-have)" if against.get("kind") == BriefReasonKind.NICE_TO_HAVE else ""
    return f"lacks {against.get('criterion', '')}{suffix}"
