"""Résumé files: what is accepted and how it is stored.

The type is decided by the bytes, never by the name or the browser's content type: a PNG
renamed "cv.pdf" is refused. DOCX and ODT are ZIP archives; their declared uncompressed
sizes are summed before anything is opened, so a small archive that would inflate to
gigabytes (a zip bomb) is refused without being inflated. Stored through Django's storage
under a random name; served only by `pipeline.views.resume_download` after an access check.
"""

from __future__ import annotations

import secrets
import zipfile

from django.core.exceptions import ValidationError

from .models import Resume

MAX_BYTES = 10 * 1024 * 1024
# A real CV inflates to a few MB at most; anything near this is not a résumé.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

ACCEPTED = "a PDF, Word (.docx) or OpenDocument (.odt) file"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def sniff_resume(upload) -> str:
    """The Resume.Kind of `upload` from its bytes, or ValidationError with a message for the
    field. Leaves the file positioned at its start."""
    size = upload.size
    if size > MAX_BYTES:
        raise ValidationError(
            f"The file is {_megabytes(size)}; résumés can be at most 10 MB.", code="too_big"
        )
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-":
        return Resume.Kind.PDF
    if head[:4] == b"PK\x03\x04":
        try:
            return _sniff_zip(upload)
        finally:
            upload.seek(0)
    raise ValidationError(f"This is not {ACCEPTED}, whatever its name says.", code="wrong_type")


def _sniff_zip(upload) -> str:
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError("The file is damaged and cannot be read.", code="damaged") from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(
            "This document would unpack to far more than any résumé (a “zip bomb”); "
            "it was refused. Save it again as a PDF.",
            code="zip_bomb",
        )
    names = {e.filename for e in entries}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return Resume.Kind.DOCX
    if "mimetype" in names and "content.xml" in names:
        mimetype = archive.getinfo("mimetype")
        if mimetype.file_size <= 100 and archive.read(mimetype).strip() == ODT_MIMETYPE:
            return Resume.Kind.ODT
    raise ValidationError(f"This is not {ACCEPTED}, whatever its name says.", code="wrong_type")


def store_resume(*, candidate, upload, kind: str, by) -> Resume:
    """Save the file under a random name (nothing guessable, nothing from the uploader)."""
    original = (getattr(upload, "name", "") or "resume").replace("\\", "/").rsplit("/", 1)[-1]
    resume = Resume(
        candidate=candidate,
        original_name=original[:200] or "resume",
        kind=kind,
        size=upload.size,
        uploaded_by=by,
    )
    resume.file.save(f"{secrets.token_urlsafe(24)}.{kind}", upload, save=False)
    resume.save()
    return resume


def download_name(resume: Resume, candidate_name: str) -> str:
    """A clean file name for the download: the candidate's name and the real type."""
    base = "".join(c if c.isalnum() else "-" for c in candidate_name).strip("-") or "resume"
    return f"{base[:60]}-resume.{resume.kind}"
