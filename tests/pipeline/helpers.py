"""Helpers for the pipeline tests: an active agreement, candidates at any stage, files."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from intake.drafting import save_section
from intake.signatures import send_for_signature, sign_agreement
from pipeline.candidates import add_candidate
from pipeline.models import DispositionReason, Stage
from pipeline.sample_pdf import resume_pdf
from pipeline.screening import save_screening
from pipeline.stages import _move

BRIEF = {
    "must_haves": ["Python in production", "Owns on-call"],
    "nice_to_haves": ["PostgreSQL", "Mentoring"],
    "qualifications": "",
    "team_description": "Payments",
    "past_hires": "",
    "knockout_questions": [{"question": "Right to work in the UK?", "answer": "Yes"}],
    "shortlist_size": 3,
}
PLAN = {
    "stages": [
        {"name": name, "length_minutes": 60, "focus_areas": [], "interviewers": []}
        for name in ("Technical interview", "Team and values")
    ]
}


def activate_agreement(requisition, *, recruiter, hiring_manager, hr_generalist, brief=None):
    save_section(
        requisition=requisition,
        section="role_profile",
        value=brief or BRIEF,
        edited_by=recruiter,
    )
    save_section(requisition=requisition, section="interview_plan", value=PLAN, edited_by=recruiter)
    save_section(
        requisition=requisition,
        section="sourcing",
        value={"channels": ["job_boards", "direct_search"], "target_companies": [], "notes": ""},
        edited_by=recruiter,
    )
    agreement = send_for_signature(requisition=requisition, sent_by=recruiter)
    for person in (recruiter, hiring_manager, hr_generalist):
        sign_agreement(agreement=agreement, signer=person, version=agreement.version)
    agreement.refresh_from_db()
    return agreement


def pdf_upload(name="cv.pdf", who="Jane Doe"):
    data = resume_pdf(who, "Backend engineer", ["EXPERIENCE", "Payments, 2019-2025"])
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx_bytes(extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def lying_zip(data: bytes, *, entry: str, declared_size: int) -> bytes:
    """`data` (a zip) with `entry`'s uncompressed size rewritten to `declared_size` in both
    its local header and the central directory: an archive that lies about its sizes."""
    data = bytearray(data)
    name = entry.encode()
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        at = data.find(signature)
        while at != -1:
            if data[at + name_at : at + name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = declared_size.to_bytes(4, "little")
            at = data.find(signature, at + 4)
    return bytes(data)


def add(requisition, by, name="Jane Doe", email=None, resume=None, source="job_boards", **kw):
    email = email or f"{name.lower().replace(' ', '.')}@example.com"
    upload = resume
    kind = None
    if upload is not None:
        from pipeline.resumes import sniff_resume

        kind = sniff_resume(upload)
    return add_candidate(
        requisition=requisition,
        email=email,
        details={"name": name, **kw},
        application={"source": source, "source_detail": "", "salary_expectation": "£90k"},
        resume=upload,
        resume_kind=kind,
        by=by,
    )


GOOD_ANSWERS = {
    "ko_0": "Yes",
    "must_0_rating": 3,
    "must_0_note": "Five years of Django",
    "must_1_rating": 4,
    "must_1_note": "Runs the rota",
    "nice_0_rating": 2,
    "nice_0_note": "",
    "nice_1_rating": None,
    "nice_1_note": "",
    "summary": "Strong; ready for the manager.",
}


def screen(application, by, answers=None, complete=True):
    from intake.agreements import active_agreement_for

    active = active_agreement_for(application.requisition)
    return save_screening(
        application=application,
        data={**GOOD_ANSWERS, **(answers or {})},
        profile=active.role_profile,
        version=active.version,
        by=by,
        complete=complete,
    )


def screened(requisition, by, name="Jane Doe", **kw):
    application = add(requisition, by, name=name, **kw)
    screen(application, by)
    application.refresh_from_db()
    return application


def submitted(requisition, by, name="Jane Doe", **kw):
    application = screened(requisition, by, name=name, **kw)
    _move(application=application, to_stage=Stage.SUBMITTED, by=by)
    application.refresh_from_db()
    return application


def reason(code):
    return DispositionReason.objects.get(code=code)
