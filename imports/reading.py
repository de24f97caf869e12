"""Reading an uploaded file into a header and rows of text, whatever it is.

CSV in UTF-8 (with or without the byte-order mark Excel writes), UTF-16 (Excel's "Unicode
text"), or Windows-1252 / Latin-1 (older Excel on Windows); comma, semicolon or tab
separated. XLSX through openpyxl, read-only and streamed, formulas kept as formulas (never
evaluated) so they can be refused. Everything about the *file* that stops it being read is a
`ValidationError` with a message for the upload field (the page answers 422 and nothing is
stored); everything about one *cell* is left to the row's checks (`cell_problem`), so the
preview can say which row and which column.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# A cell longer than this is refused (and kept only in part): no field of ours holds more.
CELL_MAX = 4000
KEPT_OF_A_HUGE_CELL = 200
# An XLSX is a zip: its parts may not unpack to more than this (a "zip bomb" is refused).
XLSX_UNPACKED_MAX = 50 * 1024 * 1024
# A sheet may hold empty (formatted) lines; it may not hold more than this many times the
# rows an import takes, empty ones included (reading them costs time for nothing).
LINES_MAX_FACTOR = 20
FORMULA_START = ("=", "@")
SIGNED_START = ("+", "-")

csv.field_size_limit(16 * 1024 * 1024)  # the file's own limit applies first


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)
    format: str  # "csv" or "xlsx"
    encoding: str = ""  # how a CSV was read, shown on the preview
    formulas: set = field(default_factory=set)  # (row number, column index) of XLSX formulas


def read_table(upload) -> Table:
    """The uploaded file as a table, or ValidationError saying why it cannot be read."""
    limit = settings.ACCORD_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; at most {filesizeformat(limit)} "
            "can be imported at once. Split it into smaller files."
        )
    content = upload.read(limit + 1)
    if not content.strip():
        raise ValidationError("This file is empty.")
    table = _read_xlsx(content) if content[:4] == b"PK\x03\x04" else _read_csv(content)
    if not any(h.strip() for h in table.header):
        raise ValidationError("The first row should name the columns; it is empty.")
    most = settings.ACCORD_IMPORT_MAX_ROWS
    if len(table.rows) > most:
        raise ValidationError(
            f"This file has {len(table.rows):,} rows; at most {most:,} can be imported at "
            "once. Split it into smaller files."
        )
    if not table.rows:
        raise ValidationError("This file has its header row but no rows to import.")
    return table


# --- CSV ---------------------------------------------------------------------------------
def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "UTF-8 (with a byte-order mark)"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return content.decode("latin-1"), "Latin-1"


def _read_csv(content: bytes) -> Table:
    try:
        text, encoding = _decode(content)
    except UnicodeDecodeError:
        raise ValidationError(
            "This file could not be read as text. Save it as CSV (UTF-8) or as an Excel "
            "workbook (.xlsx)."
        ) from None
    if "\x00" in text:
        raise ValidationError(
            "This does not look like a CSV file (it holds binary data). Save it as CSV "
            "(UTF-8) or as an Excel workbook (.xlsx)."
        )
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as error:
        raise ValidationError(
            f"This CSV could not be read (line {reader.line_num}: {error}). Check its quotes."
        ) from None
    header, rows = _split(lines)
    return Table(header=header, rows=rows, format="csv", encoding=encoding)


def _split(lines: list[list[str]]):
    """The first non-empty line is the header; empty lines are skipped (numbers kept)."""
    numbered = [(n, cells) for n, cells in enumerate(lines, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(str(c).strip() for c in cells)]
    if not numbered:
        raise ValidationError("This file is empty.")
    (_, header), rows = numbered[0], numbered[1:]
    return [str(h) for h in header], rows


# --- XLSX --------------------------------------------------------------------------------
def _read_xlsx(content: bytes) -> Table:
    import openpyxl  # noqa: PLC0415 — loaded only when a workbook is uploaded

    unreadable = ValidationError(
        "This file could not be read as an Excel workbook (.xlsx). Save it again from your "
        "spreadsheet as .xlsx or as CSV (UTF-8)."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > XLSX_UNPACKED_MAX:
                raise ValidationError(
                    "This workbook unpacks to more than 50 MB; it cannot be imported."
                )
    except zipfile.BadZipFile:
        raise unreadable from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        lines, formulas, filled = [], set(), 0
        most = settings.ACCORD_IMPORT_MAX_ROWS
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > LINES_MAX_FACTOR * most:
                raise ValidationError(
                    f"This workbook has more than {LINES_MAX_FACTOR * most:,} lines (empty ones "
                    "included). Copy the rows into a new workbook, or save them as CSV."
                )
            cells = []
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    formulas.add((number, index))
                cells.append(_cell_text(getattr(cell, "value", None)))
            lines.append(cells)
            filled += any(c.strip() for c in cells)
            if filled > most + 1:  # the header and one row too many: enough to say so
                raise ValidationError(
                    f"This file has more than {most:,} rows; at most {most:,} can be imported "
                    "at once. Split it into smaller files."
                )
        book.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise unreadable from None
    header, rows = _split(lines)
    return Table(header=header, rows=rows, format="xlsx", formulas=formulas)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(str(value)))
    return str(value)


# --- one cell ----------------------------------------------------------------------------
def cell_problem(text: str, *, formula: bool = False) -> str | None:
    """Why this cell cannot be imported as it is, or None."""
    if formula:
        return "This cell is a formula; type the value itself instead."
    if len(text) > CELL_MAX:
        return f"This cell holds {len(text):,} characters; at most {CELL_MAX:,}."
    if text.startswith(FORMULA_START) or (
        text.startswith(SIGNED_START) and len(text) > 1 and not text[1].isdigit() and text[1] != " "
    ):
        return (
            "This cell starts like a spreadsheet formula (=, +, -, @); remove that first character."
        )
    if any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} and c not in "\t\r\n" for c in text):
        return "Remove the invisible control characters (such as NUL) from this cell."
    return None


def kept(text: str) -> str:
    """What is stored of a cell: a huge one only in part (it is refused anyway)."""
    return text if len(text) <= CELL_MAX else text[:KEPT_OF_A_HUGE_CELL] + "…"


def normalise_header(name: str) -> str:
    name = unicodedata.normalize("NFKC", str(name)).strip().lower().lstrip("\ufeff")
    return "_".join(name.replace("-", " ").replace("*", " ").split())
