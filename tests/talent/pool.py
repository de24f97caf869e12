"""A small hand-built pool for the talent tests: people with résumé text, in searches."""

from django.db import connection
from django.utils import timezone

from hiring.models import TeamRole
from pipeline.models import Application, Candidate, Source, Stage
from talent.indexing import refresh_document
from talent.models import ResumeText
from talent.similar import refresh_term_stats
from tests.factories import RequisitionFactory, put_on_team
from tests.talent.helpers import upload, word_bytes


def person(requisition, by, name, text, *, stage=Stage.APPLIED, title="", source=None):
    """A candidate in `requisition` whose résumé reads `text`; their document built."""
    candidate = Candidate.objects.create(
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.com",
        current_title=title,
        created_by=by,
    )
    reason = None
    if stage in (Stage.REJECTED, Stage.WITHDRAWN):
        from pipeline.models import DispositionReason  # noqa: PLC0415 — test data

        reason = DispositionReason.objects.filter(
            side="ours" if stage == Stage.REJECTED else "candidate"
        ).first()
    resume = candidate.resumes.create(
        file=upload(word_bytes(name, (text,)), "cv.docx"),
        original_name="cv.docx",
        kind="docx",
        size=1,
        uploaded_by=by,
    )
    ResumeText.objects.create(resume=resume, state=ResumeText.State.READ, text=text)
    Application.objects.create(
        requisition=requisition,
        candidate=candidate,
        stage=stage,
        source=source or Source.JOB_BOARDS,
        sourced_by=by,
        disposition_reason=reason,
        closed_at=timezone.now() if reason else None,
        resume=resume,
    )
    refresh_document(candidate_id=candidate.pk)
    return candidate


FILLER = "team player communication stakeholders delivery agile meetings"


def backend_pool(requisition, by):
    """The references (two payments engineers), the obviously closest person, one sharing
    only words everybody has, and a crowd that makes those words common."""
    old = RequisitionFactory(created_by=by, title="Payments engineer", department="Engineering")
    put_on_team(old, by, TeamRole.RECRUITER)
    people = {
        "ref1": person(
            old,
            by,
            "Rita Ref",
            f"rust kafka ledger reconciliation payments {FILLER}",
            stage=Stage.HIRED,
        ),
        "ref2": person(
            old, by, "Rob Ref", f"rust kafka ledger settlement payments {FILLER}", stage=Stage.HIRED
        ),
        "closest": person(
            old,
            by,
            "Cleo Close",
            f"rust kafka ledger reconciliation settlement {FILLER}",
            stage=Stage.REJECTED,
        ),
        "common": person(old, by, "Cory Common", f"{FILLER} {FILLER} excel", stage=Stage.REJECTED),
        "some": person(requisition, by, "Sam Some", f"kafka java spring {FILLER}"),
    }
    for n in range(6):
        person(old, by, f"Crowd Person{n}", f"{FILLER} sales marketing{n}", stage=Stage.WITHDRAWN)
    if connection.vendor == "postgresql":
        refresh_term_stats()
    return people
