"""The template file of each kind: the header row, in CSV (UTF-8 with a byte-order mark, so
Excel reads accents right) or XLSX (with a second sheet that explains each column)."""

from __future__ import annotations

import io

from hiring.csv_export import BOM, write_csv

from .running import columns_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_csv(kind: str) -> bytes:
    """The header row through the one CSV writer (hiring.csv_export), with its BOM."""
    out = io.StringIO()
    write_csv(out, [], header=[c.name for c in columns_of(kind)])
    return (BOM + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    import openpyxl  # noqa: PLC0415 — loaded only when a workbook template is asked for
    from openpyxl.styles import Font  # noqa: PLC0415 — same

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kind.capitalize()
    columns = columns_of(kind)
    sheet.append([c.name for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[_letter(index)].width = max(14, len(column.name) + 4)
    help_sheet = book.create_sheet("Columns")
    help_sheet.append(["column", "required", "what", "example"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in columns:
        help_sheet.append(
            [column.name, "yes" if column.required else "", column.help, column.example]
        )
    help_sheet.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 — with openpyxl above

    return get_column_letter(index)
