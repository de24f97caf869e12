"""Files to import, made in the test: requisitions and candidates as CSV or XLSX."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from imports.requisitions import COLUMNS as REQUISITION_COLUMNS

REQ_HEADER = [c.name for c in REQUISITION_COLUMNS]


def requisition_rows(n, *, start=1, overrides=None):
    rows = []
    for i in range(start, start + n):
        row = {
            "external_id": f"REQ-{i:03}",
            "title": f"Imported Engineer {i}",
            "department": "Engineering",
            "location": "Berlin",
            "country": "DE",
            "time_zone": "Europe/Berlin",
            "headcount": "1",
            "target_start_date": "",
            "employment_type": "Full-time",
            "priority": "High",
            "salary_min": "70000",
            "salary_max": "90000",
            "salary_currency": "EUR",
            "recruiter": "riya",
            "hr_generalist": "hannah",
            "hiring_manager": "daniel@example.com",
            "interviewers": "aiko",
        }
        row.update((overrides or {}).get(i, {}))
        rows.append(row)
    return rows


def csv_bytes(rows, header=None, *, encoding="utf-8", delimiter=","):
    header = header or (list(rows[0]) if rows else REQ_HEADER)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=None, *, formulas=()):
    import openpyxl

    header = header or list(rows[0])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    for coordinate, formula in formulas:
        sheet[coordinate] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name="searches.csv"):
    return SimpleUploadedFile(name, content)
