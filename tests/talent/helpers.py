"""Real résumé files made by the tests (PDF, Word, OpenDocument), and pool helpers."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from odf.opendocument import OpenDocumentText
from odf.text import H, P

from pipeline.sample_pdf import resume_pdf
from talent.indexing import refresh_document
from talent.reading import read_resume


def pdf_bytes(name="Jane Doe", lines=("Kubernetes operator", "Payments at Monzo")):
    return resume_pdf(name, "Backend engineer", list(lines))


def word_bytes(name="Jane Doe", lines=("Kubernetes operator", "Payments at Monzo")):
    document = docx.Document()
    document.add_heading(name, level=1)
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Languages"
    table.rows[0].cells[1].text = "Rust, Elixir"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(name="Jane Doe", lines=("Kubernetes operator", "Payments at Monzo")):
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=name))
    for line in lines:
        document.text.addElement(P(text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def index(*applications_or_candidates):
    """Run what the worker would run after commit: read each résumé, build the documents."""
    for thing in applications_or_candidates:
        candidate = getattr(thing, "candidate", thing)
        for resume in candidate.resumes.all():
            read_resume(resume_id=resume.pk)
        refresh_document(candidate_id=candidate.pk)
