"""A subject-access export: one archive of everything held about a candidate."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from hiring.journal import record_activity
from hiring.models import Activity

from .records import records_of
from .registry import (
    mention_places,
    mentioning_rows,
    names_in_bytes,
    owned_places,
    owned_rows,
    person_of,
)

README = """Personal data held by Accord about {name}, exported {when}.

candidate.json     the person as recorded (contact details, notes)
applications.json  each search they were in: stage, moves, screening, questions, interviews,
                   scorecards about them, offer
messages.json      messages and emails sent to them
journal.json       entries of the searches' journals that name them
held.json          every place Accord keeps data about them, field by field (the same
                   register the erasure follows): each row about them, and each text of
                   their searches that names them (journal, notifications, emails,
                   check-ins, status updates, action items, pulse comments); among them
                   the text read from each résumé (talent.ResumeText) and what the talent
                   pool finds them by (talent.PoolDocument)
resumes/           the résumés they sent
"""


def _user(user):
    return getattr(user, "display_name", None)


def _application(records, application):
    pk = application.pk
    return {
        "search": application.requisition.title,
        "stage": application.get_stage_display(),
        "added": application.created_at,
        "source": application.get_source_display(),
        "source_detail": application.source_detail,
        "salary_expectation": application.salary_expectation,
        "submitted_at": application.submitted_at,
        "closed_at": application.closed_at,
        "closing_reason": getattr(application.disposition_reason, "label", None),
        "moves": [
            {"from": c.from_label, "to": c.to_label, "at": c.at, "note": c.note}
            for c in records.stage_changes().filter(application=pk)
        ],
        "screening": [
            {
                "knockout_answers": s.knockout_answers,
                "must_have_ratings": s.must_have_ratings,
                "nice_to_have_ratings": s.nice_to_have_ratings,
                "summary": s.summary,
                "completed_at": s.completed_at,
            }
            for s in records.screenings().filter(application=pk)
        ],
        "questions": [
            {"question": q.text, "asked_at": q.asked_at, "answer": q.answer}
            for q in records.questions().filter(application=pk)
        ],
        "interviews": [
            {
                "stage": i.stage_name,
                "starts_at": i.starts_at,
                "ends_at": i.ends_at,
                "state": i.get_state_display(),
                "scorecards": [
                    {
                        "by": _user(s.author),
                        "ratings": s.ratings,
                        "recommendation": s.get_recommendation_display(),
                        "notes": s.notes,
                        "submitted_at": s.submitted_at,
                    }
                    for s in i.scorecards.filter(state="submitted").select_related("author")
                ],
            }
            for i in records.interviews().filter(application=pk)
        ],
        "offer": [
            {
                "state": o.get_state_display(),
                "salary": o.salary,
                "currency": o.salary_currency,
                "start_date": o.start_date,
                "notes": o.notes,
            }
            for o in records.offers().filter(application=pk)
        ],
    }


def _held(person) -> dict:
    """Every registered place (privacy.registry), field by field: the rows about the person
    and the texts of their searches that name them."""
    held = {}
    for place in owned_places():
        names = [f.name for f in place.fields]
        held[place.label] = list(owned_rows(place, person).values("pk", *names))
    for place in mention_places():
        names = [f.name for f in place.fields]
        rows = list(mentioning_rows(place, person).values("pk", *names))
        if "content" in names:  # files: those that name the person, as text
            rows = [
                {**r, "content": bytes(r["content"]).decode("utf-8", "replace")}
                for r in rows
                if names_in_bytes(r["content"], person)
            ]
        held[place.label] = rows
    return held


def export_candidate(*, candidate, by) -> bytes:
    """The archive (zip) of everything held about `candidate`, for a subject-access
    request. Journaled in each of their searches without personal data: who exported, when."""
    records, person = records_of(candidate), person_of(candidate)
    places = {p.label: p for p in mention_places()}
    journal = mentioning_rows(places["hiring.Activity"], person)
    address = candidate.email.casefold()
    emails = [
        e
        for e in mentioning_rows(places["outbox.OutboundEmail"], person)
        if address in {a.casefold() for a in e.to}
    ]
    data = {
        "candidate.json": {
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "location": candidate.location,
            "linkedin_url": candidate.linkedin_url,
            "portfolio_url": candidate.portfolio_url,
            "current_title": candidate.current_title,
            "current_company": candidate.current_company,
            "notes": candidate.notes,
            "added": candidate.created_at,
        },
        "applications.json": [_application(records, a) for a in records.applications],
        "messages.json": {
            "messages": [
                {"subject": m.subject, "text": m.text, "sent_at": m.sent_at}
                for m in records.messages()
            ],
            "emails": [
                {"subject": e.subject, "text": e.text, "sent_at": e.sent_at, "state": e.state}
                for e in emails
            ],
        },
        "held.json": _held(person),
        "journal.json": [
            {"search": a.requisition.title, "at": a.created_at, "entry": a.summary}
            for a in journal.select_related("requisition").order_by("created_at")
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt", README.format(name=candidate.name, when=timezone.now().isoformat())
        )
        for name, content in data.items():
            archive.writestr(
                name, json.dumps(content, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            )
        for number, resume in enumerate(candidate.resumes.all(), start=1):
            safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in resume.original_name)
            try:
                with resume.file.open("rb") as handle:
                    archive.writestr(f"resumes/{number}-{safe[-80:]}", handle.read())
            except FileNotFoundError:  # said in the archive, never a 500
                archive.writestr(
                    f"resumes/{number}-{safe[-80:]}.missing.txt",
                    f"The file {resume.original_name} is recorded but missing from storage.\n",
                )
    with transaction.atomic():
        for requisition in {a.requisition for a in records.applications}:
            record_activity(
                requisition=requisition,
                actor=by,
                kind=Activity.Kind.CANDIDATE_DATA_EXPORTED,
                summary="Exported a candidate's personal data (subject-access request)",
                details={"candidate": candidate.pk},
            )
    return buffer.getvalue()
