"""The import pages: a file that cannot be read is a 422 next to the field and nothing is
stored; the preview is handed to the worker on commit; a run is its importer's alone; the
rows page costs the same number of queries whatever the file's length; the templates read
back as the columns."""

import pytest
from django.urls import reverse

from imports import running
from imports.models import ImportRun
from imports.reading import read_table
from imports.requisitions import COLUMNS

from .helpers import csv_bytes, requisition_rows, upload, xlsx_bytes
from .test_requisitions import preview

pytestmark = pytest.mark.django_db
UPLOAD = reverse("imports:upload", kwargs={"kind": "requisitions"})


@pytest.fixture
def team(recruiter, hr_generalist, hiring_manager, interviewer):
    return recruiter


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00" * 64, "binary data"),
        (b"%PDF-1.4\n", "no rows to import"),
        (b"title,department\nx,y\n", "these are missing: external_id"),
        (b"PK\x03\x04garbage", "Excel workbook"),
        (b"\xef\xbb\xbfexternal_id;title\n" + "é".encode("latin-1") * 10, "read as text"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_next_to_the_field(client, hr_lead, content, message):
    client.force_login(hr_lead)
    response = client.post(UPLOAD, {"file": upload(content)})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_too_many_rows_or_bytes_say_so(client, hr_lead, team, settings):
    client.force_login(hr_lead)
    settings.ACCORD_IMPORT_MAX_ROWS = 5
    response = client.post(UPLOAD, {"file": upload(csv_bytes(requisition_rows(6)))})
    assert response.status_code == 422
    assert "This file has 6 rows; at most 5 can be imported at once" in response.content.decode()
    settings.ACCORD_IMPORT_MAX_BYTES = 500
    response = client.post(UPLOAD, {"file": upload(csv_bytes(requisition_rows(5)))})
    assert response.status_code == 422
    assert "at most 500" in response.content.decode().replace("\xa0", " ")
    assert not ImportRun.objects.exists()


def test_an_upload_hands_the_preview_to_the_worker_on_commit(
    client, hr_lead, team, django_capture_on_commit_callbacks, monkeypatch
):
    from imports import tasks

    queued = []
    monkeypatch.setattr(tasks.check_rows, "delay", queued.append)
    client.force_login(hr_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPLOAD, {"file": upload(xlsx_bytes(requisition_rows(3)), "r.xlsx")})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/runs/{run.pk}/"
    assert queued == [run.pk]
    assert run.state == "checking" and run.row_count == 3 and run.file_format == "xlsx"
    page = client.get(response["Location"])
    assert "0 of 3 rows checked" in page.content.decode()
    progress = client.get(reverse("imports:run-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in progress


def test_confirm_hands_the_import_to_the_worker(
    client, hr_lead, team, django_capture_on_commit_callbacks, monkeypatch
):
    from imports import tasks

    queued = []
    monkeypatch.setattr(tasks.import_rows, "delay", queued.append)
    run = preview(csv_bytes(requisition_rows(2)), hr_lead)
    client.force_login(hr_lead)
    progress = client.get(reverse("imports:run-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:run-confirm", args=[run.pk]))
        again = client.post(reverse("imports:run-confirm", args=[run.pk]), follow=True)
    assert queued == [run.pk]
    assert "not waiting for a confirmation" in again.content.decode()


def test_the_rows_page_costs_the_same_for_5_rows_or_60(
    client, hr_lead, team, django_assert_max_num_queries
):
    small = preview(csv_bytes(requisition_rows(5)), hr_lead)
    rows = requisition_rows(60)
    for row in rows[::3]:
        row["headcount"] = "many"
    large = preview(csv_bytes(rows), hr_lead)
    client.force_login(hr_lead)
    client.get(reverse("imports:run", args=[small.pk]))
    counts = []
    for run in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("imports:run", args=[run.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "Enter a whole number." in response.content.decode()


def test_another_persons_run_is_not_found(client, hr_lead, admin_user, team):
    run = preview(csv_bytes(requisition_rows(1)), hr_lead)
    client.force_login(admin_user)
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:run-confirm", args=[run.pk])).status_code == 404
    assert running.confirm(run, hr_lead)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_reads_back_as_the_columns(client, hr_lead, fmt):
    client.force_login(hr_lead)
    response = client.get(reverse("imports:template", args=["requisitions", fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="accord-requisitions.{fmt}"'
    content = response.content + (b"\nx" if fmt == "csv" else b"")
    if fmt == "xlsx":
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Requisitions", "Columns"]
        header = [c.value for c in book.worksheets[0][1]]
    else:
        header = read_table(upload(content)).header
    assert header == [c.name for c in COLUMNS]


def test_a_hostile_file_name_is_shown_clean(client, hr_lead, team):
    client.force_login(hr_lead)
    name = "a\u202e\x1b<b>x.csv"
    response = client.post(UPLOAD, {"file": upload(csv_bytes(requisition_rows(1)), name)})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.file_name == "a<b>x.csv"
    page = client.get(response["Location"]).content.decode()
    assert "<b>x" not in page and "&lt;b&gt;x.csv" in page
