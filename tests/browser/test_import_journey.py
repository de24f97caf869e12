"""An HR lead imports 50 requisitions from a spreadsheet with 3 mistakes: the preview (made
by the worker, its progress polled) shows the 3 refusals with their reasons; 47 are
imported; the lead fixes the 3 rows in the file and imports it again: the 47 are matched,
the 3 created, nothing twice. axe on every page; screenshots at 1280 and 390 px in the
test's tmp folder (IMPORT_SCREENSHOTS=<dir> keeps them)."""

import os
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from config.celery import app
from hiring.models import Requisition
from tests.imports.helpers import csv_bytes, requisition_rows, xlsx_bytes
from tests.services import require_redis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MISTAKES = {
    7: {"hiring_manager": "dana@example.com"},  # nobody of that address in Accord
    21: {"headcount": "none"},
    38: {"target_start_date": "2019-01-01"},
}


def _shots(page, folder: Path, name: str):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_hr_lead_imports_50_requisitions_fixes_3_and_imports_again(
    live_server,
    browser,
    log_in,
    assert_accessible,
    tmp_path,
    hr_lead,
    recruiter,
    hr_generalist,
    hiring_manager,
    interviewer,
):
    require_redis()
    folder = Path(os.environ.get("IMPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with_mistakes = requisition_rows(50, overrides=MISTAKES)
    first_file = tmp_path / "searches.csv"
    first_file.write_bytes(b"\xef\xbb\xbf" + csv_bytes(with_mistakes))
    fixed_file = tmp_path / "searches-fixed.xlsx"
    fixed_file.write_bytes(xlsx_bytes(requisition_rows(50)))

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, hr_lead)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.goto(f"{live_server.url}/requisitions/")
        page.get_by_role("link", name="Import", exact=True).click()
        expect(page.get_by_role("heading", name="Import existing searches")).to_be_visible()
        assert_accessible(page)
        _shots(page, folder, "import-index")

        page.get_by_role("link", name="Import requisitions").click()
        expect(page.get_by_role("heading", name="Import requisitions")).to_be_visible()
        assert_accessible(page)
        _shots(page, folder, "import-upload")
        page.get_by_label("File").set_input_files(str(first_file))
        page.get_by_role("button", name="Check the file").click()

        # The worker checks the rows; the page polls its progress, then shows the preview.
        expect(page.get_by_role("heading", name="Preview: nothing is written yet")).to_be_visible(
            timeout=60_000
        )
        assert Requisition.objects.count() == 0
        summary = page.locator(".stats")
        expect(summary).to_contain_text("47")
        expect(summary).to_contain_text("will be created")
        page.get_by_role("link", name="Refused").click()
        rows = page.locator("tbody tr")
        expect(rows).to_have_count(3)
        expect(page.locator("#row-8")).to_contain_text("hiring_manager")
        expect(page.locator("#row-8")).to_contain_text("No active person “dana@example.com”")
        expect(page.locator("#row-22")).to_contain_text("headcount")
        expect(page.locator("#row-39")).to_contain_text("cannot be in the past")
        assert_accessible(page)
        _shots(page, folder, "import-preview")

        page.get_by_role("button", name="Import 47 new rows").click()
        expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible(
            timeout=90_000
        )
        expect(page.locator(".stats")).to_contain_text("47")
        assert Requisition.objects.count() == 47
        assert_accessible(page)
        _shots(page, folder, "import-done")

        # The three rows fixed, the file imported again (as a workbook this time).
        page.get_by_role("link", name="Import another file").click()
        page.get_by_label("File").set_input_files(str(fixed_file))
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_role("heading", name="Preview: nothing is written yet")).to_be_visible(
            timeout=60_000
        )
        page.get_by_role("link", name="Matched").click()
        expect(page.locator("tbody tr")).to_have_count(47)
        page.get_by_role("link", name="New").click()
        expect(page.locator("tbody tr")).to_have_count(3)
        _shots(page, folder, "import-rerun-preview")
        page.get_by_role("button", name="Import 3 new rows").click()
        expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible(
            timeout=60_000
        )
        stats = page.locator(".stats .stat__value")
        expect(stats).to_have_text(["3", "47", "0"])
        assert_accessible(page)

    assert Requisition.objects.count() == 50
    made = Requisition.objects.with_team().get(external_id="REQ-007")
    assert made.hiring_manager == hiring_manager
    # The journal of each search says it was imported, and by whom.
    assert made.activities.filter(kind="imported", actor=hr_lead).exists()
