"""Back and Forward through filters that pushed URLs, with htmx's history cache off: htmx asks
the server for each page (a history-restore request) and must get the whole page back, not
the fragment that replaced the results."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import RequisitionFactory, TeamRole, put_on_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_and_forward_after_filtering_show_whole_pages(
    live_server, browser, log_in, assert_accessible, requisition, recruiter
):
    platform = RequisitionFactory(title="Platform Lead", created_by=recruiter, state="draft")
    put_on_team(platform, recruiter, TeamRole.RECRUITER)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    restores = []
    page.on(
        "request",
        lambda request: (
            restores.append(request.url)
            if request.headers.get("hx-history-restore-request") == "true"
            else None
        ),
    )
    log_in(page, recruiter)
    page.goto(f"{live_server.url}/requisitions/")
    assert page.evaluate("htmx.config.historyCacheSize") == 0
    results = page.locator("#results")
    expect(results).to_contain_text(requisition.title)

    page.get_by_role("textbox", name="Search").fill("Platform")
    page.wait_for_url(re.compile(r"q=Platform"))
    expect(results).not_to_contain_text(requisition.title)
    page.get_by_role("combobox", name="State").select_option("open")
    page.wait_for_url(re.compile(r"q=Platform.*state=open"))
    expect(results).to_contain_text("No requisitions match")

    def expect_whole_page():
        expect(page.locator("header.topbar")).to_have_count(1)
        expect(page.get_by_role("heading", level=1, name="Requisitions")).to_have_count(1)
        expect(page.locator("form.filters")).to_have_count(1)
        expect(page.locator("#results")).to_have_count(1)

    page.go_back()
    page.wait_for_url(re.compile(r"q=Platform&state=&"))
    expect(results).to_contain_text("Platform Lead")
    expect(results).not_to_contain_text(requisition.title)
    expect_whole_page()
    assert_accessible(page)

    page.go_forward()
    page.wait_for_url(re.compile(r"state=open"))
    expect(results).to_contain_text("No requisitions match")
    expect_whole_page()

    assert len(restores) == 2  # both came from the server, not from a cache
