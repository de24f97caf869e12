"""The recruiter's screening form, built from the active agreement's role profile.

Seed 004: "define key knock-out style application questions … require screening forms to be
completed before a candidate can be passed to an HM, ensuring that the HM has all the
information they need". Complete means: every knock-out question answered, every must-have
rated 1–4 with a note, a summary; nice-to-haves may be rated. A wrong knock-out answer
proposes rejection with the "knock-out answer" reason; the recruiter decides.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hiring.journal import record_activity

from .candidates import tell_candidate_changed
from .models import Application, ScreeningForm, Stage, knockout_passed
from .stages import _move


def screening_of(application) -> ScreeningForm | None:
    """The application's screening form, draft or complete; None before one is started.
    Through the one-to-one accessor, so a page whose move gates already read it (the
    candidate's page) does not read it again."""
    try:
        return application.screening
    except Application.screening.RelatedObjectDoesNotExist:
        return None


def _by_key(rows: list[dict], key: str) -> dict[str, dict]:
    return {row.get(key): row for row in rows or []}


def initial_values(form: ScreeningForm | None, profile) -> dict:
    """The stored answers as the entry form's initial values, matched by question and
    criterion text (the profile's order may have changed)."""
    if form is None:
        return {}
    knockouts = _by_key(form.knockout_answers, "question")
    musts = _by_key(form.must_have_ratings, "criterion")
    nices = _by_key(form.nice_to_have_ratings, "criterion")
    values = {"summary": form.summary}
    for i, q in enumerate(profile.knockout_questions):
        values[f"ko_{i}"] = knockouts.get(q.question, {}).get("answer", "")
    for i, text in enumerate(profile.must_haves):
        values[f"must_{i}_rating"] = musts.get(text, {}).get("rating")
        values[f"must_{i}_note"] = musts.get(text, {}).get("note", "")
    for i, text in enumerate(profile.nice_to_haves):
        values[f"nice_{i}_rating"] = nices.get(text, {}).get("rating")
        values[f"nice_{i}_note"] = nices.get(text, {}).get("note", "")
    return values


@transaction.atomic
def save_screening(*, application: Application, data: dict, profile, version, by, complete: bool):
    """Store the recruiter's answers; `complete` marks the form done (ValidationError when
    something is missing). Screening a candidate who only applied moves them to
    "screening". Only before submission: afterwards the form is what the manager read."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.stage not in (Stage.APPLIED, Stage.SCREENING):
        raise ValidationError(
            "The screening form is closed: the candidate is already past screening."
        )
    form, _ = ScreeningForm.objects.get_or_create(application=locked)
    form.agreement_version = version
    form.knockout_answers = [
        {"question": q.question, "expected": q.answer, "answer": data.get(f"ko_{i}") or ""}
        for i, q in enumerate(profile.knockout_questions)
    ]
    form.must_have_ratings = [
        {
            "criterion": text,
            "rating": data.get(f"must_{i}_rating"),
            "note": data.get(f"must_{i}_note") or "",
        }
        for i, text in enumerate(profile.must_haves)
    ]
    form.nice_to_have_ratings = [
        {
            "criterion": text,
            "rating": data.get(f"nice_{i}_rating"),
            "note": data.get(f"nice_{i}_note") or "",
        }
        for i, text in enumerate(profile.nice_to_haves)
    ]
    form.summary = data.get("summary") or ""
    was_complete = form.is_complete
    if complete:
        if missing := form.missing_answers(profile):
            raise ValidationError(f"To complete the screening, give {missing}.")
        form.completed_at, form.completed_by = timezone.now(), by
    else:
        form.completed_at, form.completed_by = None, None
    form.save()
    if locked.stage == Stage.APPLIED:
        _move(application=locked, to_stage=Stage.SCREENING, by=by)
    if complete and not was_complete:
        failed = [a for a in form.knockout_answers if not knockout_passed(a)]
        outcome = (
            f"failed knock-out “{failed[0]['question']}”"
            if failed
            else f"{len(form.must_have_ratings)} must-haves rated"
        )
        record_activity(
            requisition=locked.requisition,
            actor=by,
            kind="candidate_screened",
            summary=f"Screened {locked.candidate.name}: {outcome}",
            details={"application": locked.pk, "knockout_failed": bool(failed)},
        )
    tell_candidate_changed(candidate_id=locked.candidate_id)
    application.stage = locked.stage
    return form
