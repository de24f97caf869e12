"""Résumé files: what is accepted and how it is stored.

The type is decided by the bytes, never by the name or the browser's content type: a PNG
renamed "cv.pdf" is refused. DOCX and ODT are ZIP archives, checked as Word and LibreOffice
would read them (issue 20, finding 7: an archive that lied about its sizes and a document
with a macro were accepted):

- the central directory is read and every entry's local header must agree with it (name,
  method, sizes), entries may not overlap, and only stored or deflated entries, without
  encryption, are taken;
- every entry is really inflated from its own compressed bytes, up to a cap for the whole
  archive (MAX_UNCOMPRESSED_BYTES): a small archive that inflates to gigabytes (a zip bomb)
  is refused after at most that much work, and an entry whose inflated size or CRC differs
  from what the directory declares is refused as lying;
- documents that carry code are refused: Word macros (vbaProject, macro-enabled content
  types), ActiveX controls and embedded OLE programs, a template fetched from another
  server, LibreOffice Basic and scripts;
- PDFs with JavaScript or launch actions in their objects are refused; every PDF is shown
  inline only in a sandboxed response (RESUME_INLINE_CSP) where nothing may run.

Stored through Django's storage under a random name; served only by the résumé view
(pipeline.views.candidates.resume_download) after an access check.
"""

from __future__ import annotations

import re
import secrets
import struct
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.utils.csp import CSP

from .models import Resume

MAX_BYTES = 10 * 1024 * 1024
# A real CV inflates to a few MB at most; anything near this is not a résumé.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

ACCEPTED = "a PDF, Word (.docx) or OpenDocument (.odt) file"

# The résumé inside the review page: only this response may be framed, only by our own
# pages, and it is a sandbox (no scripts, no forms, a unique origin), so a PDF's JavaScript
# cannot run even in a viewer that would run it. Chromium's PDF viewer renders it as before.
RESUME_INLINE_CSP = {
    "default-src": [CSP.NONE],
    "object-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}
RESUME_DOWNLOAD_CSP = {"default-src": [CSP.NONE], "frame-ancestors": [CSP.NONE], "sandbox": True}


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
    try:
        if head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-":
            _refuse_active_pdf(upload.read())
            return Resume.Kind.PDF
        if head[:4] == b"PK\x03\x04":
            return _sniff_zip(upload)
    finally:
        upload.seek(0)
    raise ValidationError(f"This is not {ACCEPTED}, whatever its name says.", code="wrong_type")


def _damaged():
    return ValidationError("The file is damaged and cannot be read.", code="damaged")


def _bomb():
    return ValidationError(
        "This document would unpack to far more than any résumé (a “zip bomb”); "
        "it was refused. Save it again as a PDF.",
        code="zip_bomb",
    )


def _lying():
    return ValidationError(
        "This document’s table of contents does not match what it holds, as in a file built "
        "to trick a reader; it was refused. Save it again from your word processor.",
        code="lying_archive",
    )


def _active(what: str):
    return ValidationError(
        f"This document contains {what}, which a résumé never needs and which could run on "
        "the reader’s computer; it was refused. Save it as a PDF, or as a plain .docx or "
        ".odt, and upload that.",
        code="active_content",
    )


def _sniff_zip(upload) -> str:
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _damaged() from None
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED_BYTES:
        raise _bomb()
    names = {e.filename for e in entries}
    kind = None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        kind = Resume.Kind.DOCX
    elif "mimetype" in names and "content.xml" in names:
        mimetype = archive.getinfo("mimetype")
        if mimetype.file_size <= 100 and _read(archive, mimetype).strip() == ODT_MIMETYPE:
            kind = Resume.Kind.ODT
    if kind is None:
        raise ValidationError(f"This is not {ACCEPTED}, whatever its name says.", code="wrong_type")
    check_archive(upload, entries)
    _refuse_active_document(archive, kind, entries)
    return kind


def _read(archive, info) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
        raise _damaged() from None


_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_ZIP64_MARK = 0xFFFFFFFF


def check_archive(handle, entries) -> int:
    """Check `entries` (zipfile's reading of the central directory) against the bytes they
    point at, and inflate every one; return the total inflated size. ValidationError: an
    entry whose local header disagrees with the directory, overlapping entries, encryption
    or a method other than stored/deflated, a size or CRC that is not what inflating gives,
    or more than MAX_UNCOMPRESSED_BYTES in all."""
    total = 0
    spans = []
    for info in entries:
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise _lying()
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size:
            raise _damaged()
        signature, _, flags, method, _, _, crc, csize, usize, name_len, extra_len = (
            _LOCAL_HEADER.unpack(header)
        )
        name = handle.read(name_len)
        if signature != b"PK\x03\x04" or method != info.compress_type:
            raise _lying()
        if name.decode("utf-8" if flags & 0x800 else "cp437", "replace") != info.orig_filename:
            raise _lying()
        sizes_here = not flags & 0x8 and _ZIP64_MARK not in (csize, usize)
        if sizes_here and (crc, csize, usize) != (info.CRC, info.compress_size, info.file_size):
            raise _lying()
        start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
        spans.append((info.header_offset, start + info.compress_size))
        handle.seek(start)
        total += _inflate(handle, info, budget=MAX_UNCOMPRESSED_BYTES - total)
    spans.sort()
    for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False):
        if next_start < end:  # two entries sharing bytes: the overlapping zip bomb
            raise _bomb()
    return total


def _inflate(handle, info, *, budget: int) -> int:
    """Inflate one entry's compressed bytes as they are (not trusting the declared size)."""
    remaining, produced, crc = info.compress_size, 0, 0
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type else None
    while remaining > 0:
        chunk = handle.read(min(1 << 16, remaining))
        if not chunk:
            raise _damaged()
        remaining -= len(chunk)
        while chunk:
            if inflater is None:
                out, chunk = chunk, b""
            else:
                try:
                    out = inflater.decompress(chunk, 1 << 16)
                except zlib.error:
                    raise _damaged() from None
                chunk = inflater.unconsumed_tail
            produced += len(out)
            if produced > budget:
                raise _bomb()
            crc = zlib.crc32(out, crc)
    if inflater is not None:
        out = inflater.flush()
        produced += len(out)
        crc = zlib.crc32(out, crc)
        if not inflater.eof or inflater.unused_data:
            raise _lying()
    if produced > budget:
        raise _bomb()
    if produced != info.file_size or crc != info.CRC:
        raise _lying()
    return produced


# Parts of a Word document that carry code (read case-insensitively).
_WORD_CODE = re.compile(
    r"(^|/)(vbaproject\.bin|vbadata\.xml)$|^word/activex/|^word/embeddings/.*\.bin$"
)
_MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX", re.IGNORECASE)
_EXTERNAL_TEMPLATE = re.compile(
    rb"<Relationship\b[^>]*(attachedTemplate|oleObject|subDocument)[^>]*TargetMode=\"External\"|"
    rb"<Relationship\b[^>]*TargetMode=\"External\"[^>]*(attachedTemplate|oleObject|subDocument)",
    re.IGNORECASE,
)
_ODT_SCRIPTS = re.compile(rb"vnd\.sun\.star\.script:|\bmacro://|<script:", re.IGNORECASE)


def _refuse_active_document(archive, kind, entries) -> None:
    names = [e.filename for e in entries]
    if kind == Resume.Kind.DOCX:
        if any(_WORD_CODE.search(name.lower()) for name in names):
            raise _active("macros or embedded programs")
        if _MACRO_TYPES.search(_read(archive, "[Content_Types].xml")):
            raise _active("macros")
        for name in names:
            if name.lower().endswith(".rels") and _EXTERNAL_TEMPLATE.search(_read(archive, name)):
                raise _active("a link to a template or object on another server")
    else:
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            raise _active("macros")
        for name in ("content.xml", "styles.xml", "settings.xml"):
            if name in names and _ODT_SCRIPTS.search(_read(archive, name)):
                raise _active("macros")


# A PDF's objects outside its streams (compressed page content is not searched, where any
# bytes may occur): a name /JavaScript, /JS or /Launch followed by its value.
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_SCRIPT = re.compile(rb"/(JavaScript|JS|Launch)\s*(\(|<|\[|\d+\s+\d+\s+R)")


def _refuse_active_pdf(content: bytes) -> None:
    if _PDF_SCRIPT.search(_PDF_STREAM.sub(b"stream endstream", content)):
        raise _active("scripts or actions that start programs")


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
