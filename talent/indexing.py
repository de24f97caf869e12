"""Keeping the pool's documents up to date (issue 22).

`refresh_document` rebuilds one candidate's document whole from the rows it reads, so it
is idempotent and a late or repeated task leaves the document right. Pipeline tells of a
change through its hook lists (`pipeline.candidates.CANDIDATE_CHANGES` when a person is
added, edited, screened or sends a new résumé; `pipeline.stages.MOVE_FOLLOWERS` when an
application moves); the functions below, registered from `TalentConfig.ready()`, enqueue the
work on commit, so a rolled-back change enqueues nothing and the page never waits for it.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Max, Value
from django.utils import timezone

from config.hooks import Hooks
from pipeline.models import CLOSED_STAGES, Application, Candidate, Stage

from . import tasks
from .models import REACHED_RANK, Outcome, PoolDocument, ResumeText

SEARCH_CONFIG = "english"

# Who never has a document, from the floors above: privacy registers the erased.
LEFT_OUT = Hooks(
    "talent.indexing.LEFT_OUT",
    signature="fn(*, ids: set[int]) -> set[int]  (those of the candidate ids left out)",
    called_in="`refresh_document`'s transaction, the candidate row locked",
)


def follow_candidate_change(*, candidate_id: int, resume_id: int | None = None) -> None:
    """pipeline.candidates.CANDIDATE_CHANGES: read a new résumé, then rebuild; or rebuild."""
    if resume_id is not None:
        ResumeText.objects.get_or_create(resume_id=resume_id)
        transaction.on_commit(lambda: tasks.read_resume.delay(resume_id))
    else:
        transaction.on_commit(lambda: tasks.refresh_document.delay(candidate_id))


def follow_move(*, application, change, by) -> None:
    """pipeline.stages.MOVE_FOLLOWERS: a move changes the outcome and the stage reached."""
    candidate_id = application.candidate_id
    transaction.on_commit(lambda: tasks.refresh_document.delay(candidate_id))


def _rating(value) -> int | None:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        return None
    return rating if 1 <= rating <= 4 else None


def _outcome(applications) -> str:
    stages = {a.stage for a in applications}
    if Stage.HIRED in stages:
        return Outcome.HIRED
    if stages - set(CLOSED_STAGES):
        return Outcome.ACTIVE
    last = max(applications, key=lambda a: (a.closed_at or a.stage_changed_at, a.pk))
    return Outcome.WITHDRAWN if last.stage == Stage.WITHDRAWN else Outcome.REJECTED


def _reached(application) -> int:
    """The furthest stage this application got to, from its history."""
    stages = {c.to_stage for c in application.stage_changes.all()} | {application.stage}
    return max((REACHED_RANK.get(s, 0) for s in stages), default=0)


def build_document(candidate: Candidate) -> PoolDocument | None:
    """The candidate's document as the rows say now (not saved); None for a person in no
    search (nobody to find them for)."""
    applications = list(
        Application.objects.filter(candidate=candidate)
        .select_related("requisition", "disposition_reason", "screening")
        .prefetch_related("stage_changes")
        .order_by("created_at", "pk")
    )
    if not applications:
        return None
    musts: dict[str, int] = {}
    skills = []
    searches = []
    for application in applications:
        screening = getattr(application, "screening", None)
        if screening is not None and screening.is_complete:
            for row in screening.must_have_ratings or []:
                if (rating := _rating(row.get("rating"))) and row.get("criterion"):
                    musts[row["criterion"]] = max(rating, musts.get(row["criterion"], 0))
            skills.append(screening.summary)
            skills.extend(
                row["criterion"]
                for row in screening.nice_to_have_ratings or []
                if (_rating(row.get("rating")) or 0) >= 3 and row.get("criterion")
            )
        reason = application.disposition_reason
        searches.append(
            {
                "requisition": application.requisition_id,
                "title": application.requisition.title,
                "department": application.requisition.department,
                "stage": application.stage,
                "stage_label": application.stage_label,
                "reason": reason.label if reason else "",
                "source": application.source,
                "at": application.stage_changed_at.isoformat(),
            }
        )
    closed = [a for a in applications if a.stage in CLOSED_STAGES]
    last_closed = max(closed, key=lambda a: (a.closed_at or a.stage_changed_at, a.pk), default=None)
    reading = (
        ResumeText.objects.filter(resume__candidate=candidate, state=ResumeText.State.READ)
        .order_by("-resume__uploaded_at", "-resume_id")
        .values_list("text", flat=True)
        .first()
    )
    headline = " · ".join(
        p
        for p in (
            " at ".join(p for p in (candidate.current_title, candidate.current_company) if p),
            candidate.location,
        )
        if p
    )
    must_list = [{"criterion": c, "rating": r} for c, r in musts.items()]
    document = PoolDocument(
        candidate=candidate,
        name=candidate.name,
        headline=headline[:250],
        skills="\n".join(s for s in skills if s),
        must_haves=must_list,
        strong_must_haves=sorted({c.strip().lower() for c, r in musts.items() if r >= 3}),
        searches=searches,
        search_keys=sorted(
            {f"r{a.requisition_id}" for a in applications}
            | {f"r{a.requisition_id}:u{a.sourced_by_id}" for a in applications}
        ),
        outcome=_outcome(applications),
        reached=max(_reached(a) for a in applications),
        disposition=last_closed.disposition_reason.label
        if last_closed and last_closed.disposition_reason
        else "",
        resume_text=reading or "",
        hired=any(a.stage == Stage.HIRED for a in applications),
        has_open=any(a.stage not in CLOSED_STAGES and a.stage != Stage.HIRED for a in applications),
        last_activity_at=max(a.stage_changed_at for a in applications),
        last_closed_at=last_closed.closed_at or last_closed.stage_changed_at
        if last_closed
        else None,
        added_at=candidate.created_at,
        built_at=timezone.now(),
    )
    document.body = _body(document)
    return document


def _body(document: PoolDocument) -> str:
    searches = "; ".join(
        f"{s['title']} ({s['department']}): {s['stage_label']}"
        + (f", {s['reason']}" if s["reason"] else "")
        for s in document.searches
    )
    musts = "; ".join(f"{m['criterion']} ({m['rating']}/4)" for m in document.must_haves)
    return "\n".join(
        p
        for p in (
            document.name,
            document.headline,
            musts,
            document.skills,
            searches,
            document.resume_text,
        )
        if p
    )


def weighted_vector(document: PoolDocument):
    """The document's tsvector, weighted: the name finds a person first (A), then what they
    do (B), then the searches they were in (C), then the résumé's words (D)."""
    musts = Value(" ".join(m["criterion"] for m in document.must_haves))
    searches = Value(" ".join(f"{s['title']} {s['department']}" for s in document.searches))
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("headline", musts, "skills", weight="B", config=SEARCH_CONFIG)
        + SearchVector(searches, "disposition", weight="C", config=SEARCH_CONFIG)
        + SearchVector("resume_text", weight="D", config=SEARCH_CONFIG)
    )


@transaction.atomic
def refresh_document(*, candidate_id: int) -> PoolDocument | None:
    """Rebuild the candidate's document (or remove it when they are in no search, or gone).
    Idempotent: the document is whatever the rows say when this runs. An erased person
    (privacy.erasure) is skipped: their document went with their data."""
    candidate = Candidate.objects.select_for_update().filter(pk=candidate_id).first()
    if candidate is None or any(candidate_id in left(ids={candidate_id}) for left in LEFT_OUT):
        PoolDocument.objects.filter(pk=candidate_id).delete()
        return None
    document = build_document(candidate)
    if document is None:
        PoolDocument.objects.filter(pk=candidate_id).delete()
        return None
    document.save()
    if connection.vendor == "postgresql":
        PoolDocument.objects.filter(pk=candidate_id).update(search_vector=weighted_vector(document))
    return document


def last_built_at():
    return PoolDocument.objects.aggregate(at=Max("built_at"))["at"]
