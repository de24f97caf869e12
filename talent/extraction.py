"""Reading the text of a résumé: PDF with pypdf, Word with python-docx, OpenDocument with
odfpy (issue 22). Every file that uploads today (pipeline.resumes.sniff_resume) is taken;
what cannot be read is said, never refused and never blocking anything.

Time-boxed per file twice over: the reader checks its deadline between pages and
paragraphs (READ_SECONDS), and the task that calls it has Celery's soft time limit (a page
whose own parsing never ends is stopped there; talent.tasks.read_resume).
"""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass

import docx
import pypdf
from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load as load_odf

logger = logging.getLogger(__name__)

READ_SECONDS = 10.0
MAX_PAGES = 40
MAX_CHARS = 100_000
NOTHING_READ = "no text could be read from this file"
# Controls other than tab and newline; PostgreSQL refuses NUL in text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class TooLong(Exception):
    """The file took longer than its time box."""


@dataclass(frozen=True)
class Reading:
    text: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.text) and not self.problem


def clean_text(text: str) -> str:
    text = _CONTROLS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()[:MAX_CHARS]


def read_text(content: bytes, kind: str, *, seconds: float = READ_SECONDS) -> Reading:
    """The text of a résumé's bytes of `kind` ("pdf", "docx", "odt"), or what went wrong
    in words for the candidate's page. Never raises."""
    deadline = time.monotonic() + seconds
    readers = {"pdf": _pdf, "docx": _docx, "odt": _odt}
    try:
        parts = readers[kind](content, deadline)
    except TooLong:
        return Reading("", f"{NOTHING_READ}: reading it took too long")
    except Exception:  # noqa: BLE001 — a damaged or odd file is said, never a crash
        logger.info("could not read a %s résumé", kind, exc_info=True)
        return Reading("", f"{NOTHING_READ}: it could not be opened as {kind.upper()}")
    text = clean_text("\n".join(p for p in parts if p))
    if not text:
        return Reading("", f"{NOTHING_READ} (a scanned image has no text to read)")
    return Reading(text)


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise TooLong


def _pdf(content: bytes, deadline: float) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        reader.decrypt("")  # many CVs are "protected" with an empty password
    parts, size = [], 0
    for page in reader.pages[:MAX_PAGES]:
        _check(deadline)
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size > MAX_CHARS:
            break
    return parts


def _docx(content: bytes, deadline: float) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    parts = []
    for paragraph in document.paragraphs:
        _check(deadline)
        parts.append(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            _check(deadline)
            parts.append(" · ".join(cell.text for cell in row.cells))
    return parts


def _odt(content: bytes, deadline: float) -> list[str]:
    document = load_odf(io.BytesIO(content))
    parts = []
    for element in _paragraphs(document.text):
        _check(deadline)
        parts.append(teletype.extractText(element))
    return parts


_ODT_PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}


def _paragraphs(node):
    """Headings and paragraphs in reading order (those inside lists and tables too)."""
    for child in node.childNodes:
        if getattr(child, "qname", None) in _ODT_PARAGRAPHS:
            yield child
        else:
            yield from _paragraphs(child)
