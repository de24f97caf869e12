"""Résumé uploads: the bytes decide the type; size, zip bombs; download through access."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pipeline.models import Application, Resume
from tests.pipeline.helpers import add, docx_bytes, pdf_upload

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def _post(client, requisition, upload):
    return client.post(
        reverse("pipeline:candidate-add", kwargs={"pk": requisition.pk}),
        {"name": "Jane Doe", "email": "jane@example.com", "source": "inbound", "resume": upload},
    )


@pytest.fixture
def logged_in(client, recruiter):
    client.force_login(recruiter)
    return client


def _refused(response, text):
    assert response.status_code == 422
    errors = response.context["form"].errors["resume"]
    assert any(text in e for e in errors), errors
    assert not Application.objects.exists() and not Resume.objects.exists()


def test_a_png_renamed_pdf_is_refused(logged_in, requisition):
    upload = SimpleUploadedFile("cv.pdf", PNG, content_type="application/pdf")
    _refused(_post(logged_in, requisition, upload), "not a PDF, Word (.docx) or OpenDocument")


def test_an_11_mb_file_is_refused(logged_in, requisition):
    data = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    upload = SimpleUploadedFile("big.pdf", data, content_type="application/pdf")
    _refused(_post(logged_in, requisition, upload), "at most 10 MB")


def test_a_zip_bomb_named_docx_is_refused_without_inflating_it(logged_in, requisition):
    # 200 MB of zeros compress to about 200 KB.
    bomb = docx_bytes(extra=[("word/media/padding.bin", b"\0" * (200 * 1024 * 1024))])
    assert len(bomb) < 1024 * 1024
    upload = SimpleUploadedFile("cv.docx", bomb, content_type="application/msword")
    _refused(_post(logged_in, requisition, upload), "zip bomb")


def test_a_zip_that_is_no_document_is_refused(logged_in, requisition):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.png", PNG)
    upload = SimpleUploadedFile("cv.docx", buffer.getvalue())
    _refused(_post(logged_in, requisition, upload), "not a PDF")


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt"])
def test_pdf_docx_and_odt_are_accepted_by_their_bytes(logged_in, requisition, kind):
    if kind == "pdf":
        upload = pdf_upload("whatever.bin")
    elif kind == "docx":
        upload = SimpleUploadedFile("cv.docx", docx_bytes())
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        upload = SimpleUploadedFile("cv.odt", buffer.getvalue())
    response = _post(logged_in, requisition, upload)
    assert response.status_code == 302
    assert Application.objects.get().resume.kind == kind


def test_the_download_is_an_attachment_with_nosniff(client, requisition, recruiter):
    application = add(requisition, recruiter, resume=pdf_upload())
    client.force_login(recruiter)
    url = reverse("pipeline:resume", kwargs={"pk": requisition.pk, "application": application.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="Jane-Doe-resume.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_only_a_pdf_is_served_inline_and_only_to_frames_of_our_own_pages(
    client, requisition, recruiter
):
    application = add(requisition, recruiter, resume=pdf_upload())
    client.force_login(recruiter)
    url = reverse("pipeline:resume", kwargs={"pk": requisition.pk, "application": application.pk})
    response = client.get(url + "?inline=1")
    assert response["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    page = client.get("/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"], "only that response"


def test_a_bad_file_on_the_candidate_page_is_refused_with_a_message(client, requisition, recruiter):
    application = add(requisition, recruiter)
    client.force_login(recruiter)
    url = reverse(
        "pipeline:resume-upload", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    response = client.post(url, {"resume": SimpleUploadedFile("cv.pdf", PNG)})
    assert response.status_code == 422
    assert b"not a PDF" in response.content
    application.refresh_from_db()
    assert application.resume is None
