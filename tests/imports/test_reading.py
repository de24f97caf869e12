"""Reading a file whatever it is: encodings, separators, XLSX, limits, hostile cells."""

import pytest
from django.core.exceptions import ValidationError

from imports.reading import cell_problem, read_table

from .helpers import csv_bytes, upload, xlsx_bytes

ROWS = [{"external_id": "R-1", "title": "Ingénieure données"}]


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (csv_bytes(ROWS), "UTF-8"),
        (b"\xef\xbb\xbf" + csv_bytes(ROWS), "UTF-8 (with a byte-order mark)"),
        (csv_bytes(ROWS, encoding="cp1252"), "Windows-1252 (Latin-1)"),
        (csv_bytes(ROWS, encoding="utf-16"), "UTF-16"),
        (csv_bytes(ROWS, delimiter=";"), "UTF-8"),
        (csv_bytes(ROWS, delimiter="\t"), "UTF-8"),
    ],
)
def test_every_encoding_and_separator_reads_the_same(content, encoding):
    table = read_table(upload(content))
    assert table.header == ["external_id", "title"]
    assert table.rows == [(2, ["R-1", "Ingénieure données"])]
    assert table.encoding == encoding


def test_an_xlsx_reads_its_first_sheet_and_marks_formulas():
    content = xlsx_bytes(ROWS + [{"external_id": "R-2", "title": "x"}], formulas=[("B3", "=A1")])
    table = read_table(upload(content, "s.xlsx"))
    assert table.format == "xlsx"
    assert table.rows[0] == (2, ["R-1", "Ingénieure données"])
    assert (3, 1) in table.formulas


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"external_id,title\n", "no rows"),
        (b"%PDF-1.4\x00\x00binary", "binary data"),
        (b"PK\x03\x04not really a zip", "Excel workbook"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(content, message):
    with pytest.raises(ValidationError) as error:
        read_table(upload(content))
    assert message in error.value.messages[0]


def test_limits_of_size_and_rows(settings):
    settings.ACCORD_IMPORT_MAX_ROWS = 3
    with pytest.raises(ValidationError, match="4 rows; at most 3"):
        read_table(upload(csv_bytes(ROWS * 4)))
    settings.ACCORD_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="at most 100"):
        read_table(upload(b"a,b\n" + b"x,y\n" * 100))


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-x", "a\x00b", "x" * 5000],
)
def test_hostile_cells_are_refused(text):
    assert cell_problem(text)


@pytest.mark.parametrize("text", ["+44 20 7946 0000", "-2", "Ada Lovelace", "line\nbreak", ""])
def test_ordinary_cells_pass(text):
    assert cell_problem(text) is None


def test_a_workbook_with_too_many_rows_or_lines_says_so(settings):
    settings.ACCORD_IMPORT_MAX_ROWS = 3
    rows = [{"external_id": f"R-{i}", "title": "x"} for i in range(5)]
    with pytest.raises(ValidationError, match="more than 3 rows"):
        read_table(upload(xlsx_bytes(rows), "s.xlsx"))
    spaced = xlsx_bytes(rows[:2], formulas=[("A80", "x")])
    with pytest.raises(ValidationError, match="more than 60 lines"):
        read_table(upload(spaced, "s.xlsx"))


def test_empty_lines_in_a_workbook_do_not_cut_it_short(settings):
    settings.ACCORD_IMPORT_MAX_ROWS = 3
    content = xlsx_bytes([{"external_id": "R-1", "title": "x"}], formulas=[("A40", "R-2")])
    table = read_table(upload(content, "s.xlsx"))
    assert [n for n, _ in table.rows] == [2, 40]
