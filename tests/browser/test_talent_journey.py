"""A recruiter opens a new search, sees the past hires for similar roles at intake, finds
people like them in the talent pool and adds a silver medallist of an earlier search to
this one (issue 22). axe on every page; screenshots at 1280 and 390 px in the test's
tmp folder (TALENT_SCREENSHOTS=<dir> keeps them)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pipeline.models import Application
from pipeline.reasons import ensure_default_reasons
from tests.talent.pool import backend_pool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shots(page, folder: Path, name: str):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_past_hires_at_intake_find_similar_and_a_silver_medallist_added(
    live_server, browser, log_in, assert_accessible, settings, tmp_path, requisition, recruiter
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_default_reasons()
    people = backend_pool(requisition, recruiter)
    folder = Path(os.environ.get("TALENT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, recruiter)
    # The new search's intake page: the past hires of similar roles load beside the brief.
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/agreement/")
    panel = page.locator("#past-hires")
    expect(panel.get_by_role("link", name="Rita Ref")).to_be_visible()
    expect(panel.get_by_role("link", name="Rob Ref")).to_be_visible()
    assert_accessible(page)
    _shots(page, folder, "intake")

    # Find similar starts from them, for this search.
    panel.get_by_role("link", name="Find people like them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find similar")
    first = page.locator(".pool-result").first
    expect(first.get_by_role("link", name="Cleo Close")).to_be_visible()
    expect(first.locator(".pool-result__why")).to_contain_text("rust")
    expect(page.get_by_role("link", name="Rita Ref").locator("xpath=ancestor::li")).to_have_count(0)
    assert_accessible(page)
    _shots(page, folder, "similar")

    # The silver medallist goes into this search, from the talent pool.
    first.get_by_role("button", name=f"Add to {requisition.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cleo Close")
    assert_accessible(page)
    application = Application.objects.get(requisition=requisition, candidate=people["closest"])
    assert application.source == "talent_pool"

    # The pool's own page: one box, filters, marked words.
    page.goto(f"{live_server.url}/talent/?q=reconciliation")
    expect(page.locator(".pool-result mark").first).to_have_text("reconciliation")
    assert_accessible(page)
    _shots(page, folder, "pool")
