"""A recruiter imports the candidates of a search from another system: the preview says
who comes in at which stage and refuses the one a gate stops (not screened, so not
"submitted"), with the gate's own words; after the import each links to their page.
axe on every page; screenshots at 1280 and 390 px (IMPORT_SCREENSHOTS=<dir> keeps them)."""

import os
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from config.celery import app
from imports.candidates import COLUMNS
from pipeline.models import Application
from pipeline.reasons import ensure_default_reasons
from tests.imports.helpers import csv_bytes
from tests.pipeline.helpers import activate_agreement
from tests.services import require_redis

from .test_import_journey import _shots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recruiter_imports_candidates_at_their_stages(
    live_server,
    browser,
    log_in,
    assert_accessible,
    tmp_path,
    requisition,
    recruiter,
    hiring_manager,
    hr_generalist,
):
    require_redis()
    ensure_default_reasons()
    requisition.external_id = "ATS-88"
    requisition.save(update_fields=["external_id"])
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    folder = Path(os.environ.get("IMPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    base = {"requisition": "ATS-88", "source": "Job boards"}
    rows = [
        {**base, "external_id": "C-1", "name": "Ada Lovelace", "email": "ada@example.com"},
        {
            **base,
            "external_id": "C-2",
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "stage": "screening",
        },
        {
            **base,
            "external_id": "C-3",
            "name": "Alan Turing",
            "email": "alan@example.com",
            "stage": "rejected",
            "reason": "Salary expectations",
        },
        {
            **base,
            "external_id": "C-4",
            "name": "Edsger Dijkstra",
            "email": "edsger@example.com",
            "stage": "submitted",
        },
    ]
    path = tmp_path / "candidates.csv"
    path.write_bytes(csv_bytes(rows, [c.name for c in COLUMNS], encoding="cp1252"))

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, recruiter)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.goto(f"{live_server.url}/imports/")
        expect(page.get_by_role("link", name="Import requisitions")).to_have_count(0)
        page.get_by_role("link", name="Import candidates").click()
        page.get_by_label("File").set_input_files(str(path))
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_role("heading", name="Preview: nothing is written yet")).to_be_visible(
            timeout=60_000
        )
        expect(page.locator("#row-5")).to_contain_text("Accord stops it at Screening")
        expect(page.locator("#row-4")).to_contain_text("Will add Alan Turing at Rejected")
        assert not Application.objects.exists()
        assert_accessible(page)
        _shots(page, folder, "import-candidates-preview")

        page.get_by_role("button", name="Import 3 new rows").click()
        expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible(
            timeout=60_000
        )
        assert_accessible(page)
        _shots(page, folder, "import-candidates-done")
        page.get_by_role("link", name="Grace Hopper").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Grace Hopper")

    stages = dict(Application.objects.values_list("candidate__name", "stage"))
    assert stages == {
        "Ada Lovelace": "applied",
        "Grace Hopper": "screening",
        "Alan Turing": "rejected",
    }
