"""The product's 404 page in a real browser: styled, accessible, and a way back."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missing_page_is_the_products_own_and_leads_back(
    live_server, browser, log_in, assert_accessible, recruiter
):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(page, recruiter)
    response = page.goto(f"{live_server.url}/requisitions/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can’t find that page")
    assert_accessible(page)
    page.get_by_role("link", name="All requisitions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Requisitions")
