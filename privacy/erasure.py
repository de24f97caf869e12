"""Erasing a candidate: the person goes, the counts stay.

What goes: their contact details and notes, résumé files and rows (and the text read from
them), their talent-pool document, what the team wrote
about them (screening notes and summary, questions and answers, stage-change notes,
scorecard notes, offer notes, survey comments, interview notes and places), the messages
and emails sent to them (text, subject and address; attachments deleted), and their name
wherever a team member's text carries it (journal, notifications, commitment titles),
replaced by "an erased candidate".

What stays, so every figure stays right: the Candidate row (renamed, with an address that
cannot receive mail), each Application with its stage, dates, source and closing reason,
stage changes, interviews, scorecard ratings and recommendations, offers' state, survey
ratings. The journal records the erasure without personal data.
"""

import logging

from django.db import transaction
from django.db.models import F, Func, Value
from django.utils import timezone

from hiring.journal import record_activity
from hiring.models import Activity
from interviews.models import Scorecard
from outbox.models import OutboundAttachment, OutboundEmail
from pipeline.models import Application, Candidate, Resume
from talent.models import PoolDocument

from .models import Erasure
from .records import records_of

logger = logging.getLogger(__name__)

ERASED = "[erased]"
THEM = "an erased candidate"


def _replace(field, old, new):
    """SQL replace() of `old` by `new` in `field`: the name inside a longer text."""
    return Func(F(field), Value(old), Value(new), function="REPLACE")


@transaction.atomic
def erase_candidate(*, candidate, by=None, reason=Erasure.Reason.REQUEST) -> Erasure:
    """Erase `candidate`'s personal data (see the module docstring). Once: a second call
    returns the first Erasure. The résumé files are deleted from storage after the
    transaction commits, so a rolled-back erasure leaves them in place."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if (done := Erasure.objects.filter(candidate=candidate).first()) is not None:
        return done
    records = records_of(candidate)
    name = candidate.name
    removed = {}

    # The talent pool forgets them in this transaction: their document, and the text read
    # from their résumés (with the résumé rows, below); talent.indexing asks erased_among
    # before it ever builds a document again.
    removed["pool_documents"], _ = PoolDocument.objects.filter(pk=candidate.pk).delete()
    files = [r.file.name for r in candidate.resumes.all() if r.file]
    storage = Resume._meta.get_field("file").storage
    removed["resumes"], _ = candidate.resumes.all().delete()  # applications' FK: SET_NULL
    Application.objects.filter(pk__in=records.application_ids).update(
        source_detail="", salary_expectation=""
    )
    removed["stage_change_notes"] = records.stage_changes().exclude(note="").update(note="")
    removed["screenings"] = records.screenings().update(
        knockout_answers=[], must_have_ratings=[], nice_to_have_ratings=[], summary=""
    )
    removed["questions"] = records.questions().update(text=ERASED, answer="")
    # A phone interview's place is often the person's own number.
    removed["interview_notes"] = records.interviews().update(notes="", location=ERASED)
    scorecards = list(records.scorecards())
    for scorecard in scorecards:
        scorecard.notes = ""
        scorecard.ratings = [{**r, "note": ""} for r in scorecard.ratings]
    Scorecard.objects.bulk_update(scorecards, ["notes", "ratings"])
    removed["scorecards"] = len(scorecards)
    records.offers().update(notes="", decline_note="", outside_band_reason="")
    records.surveys().update(comment="")
    removed["messages"] = records.messages().update(
        to="erased@invalid", subject=ERASED, text=ERASED
    )

    emails = records.emails()
    for email in emails:
        email.to, email.subject, email.text, email.html = ["erased@invalid"], ERASED, ERASED, ""
        email.reply_to = ""
        if email.state != OutboundEmail.State.SENT:  # nothing more goes to an erased person
            email.state, email.last_error = OutboundEmail.State.CANCELLED, "recipient erased"
    OutboundEmail.objects.bulk_update(
        emails, ["to", "subject", "text", "html", "reply_to", "state", "last_error"]
    )
    OutboundAttachment.objects.filter(email__in=[e.pk for e in emails]).delete()
    removed["emails"] = len(emails)

    journal, notices, commitments = records.mentions()
    if name.strip():
        removed["journal_entries"] = journal.update(summary=_replace("summary", name, THEM))
        notices.update(text=_replace("text", name, THEM))
        commitments.update(title=_replace("title", name, THEM))

    Candidate.objects.filter(pk=candidate.pk).update(
        name=f"Erased candidate {candidate.pk}",
        email=f"erased-{candidate.pk}@invalid",
        phone="",
        location="",
        linkedin_url="",
        portfolio_url="",
        current_title="",
        current_company="",
        notes="",
    )
    erasure = Erasure.objects.create(
        candidate=candidate, reason=reason, erased_by=by, removed=removed, erased_at=timezone.now()
    )
    for requisition in {a.requisition for a in records.applications}:
        record_activity(
            requisition=requisition,
            actor=by,
            kind=Activity.Kind.CANDIDATE_ERASED,
            summary="Erased a candidate's personal data"
            + (" (retention period over)" if reason == Erasure.Reason.RETENTION else ""),
            details={"erasure": erasure.pk},
        )
    transaction.on_commit(lambda: _delete_files(storage, files))
    return erasure


def erased_among(*, ids) -> set[int]:
    """talent.indexing.LEFT_OUT: the erased among these candidates (no pool document)."""
    return set(Erasure.objects.filter(candidate__in=ids).values_list("candidate_id", flat=True))


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 — the disk or the store refuses: logged, rows gone
            logger.warning("could not delete an erased candidate's file %s", name, exc_info=True)
