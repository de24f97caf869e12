"""A hiring manager's commitment goes overdue: the bell count rises without a reload, the
notification opens on the page that fulfils it."""

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from commitments.sweep import sweep
from tests.factories import make_commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_rises_and_leads_to_the_page_that_fulfils_it(
    live_server, page, log_in, assert_accessible, requisition, hiring_manager
):
    commitment = make_commitment(requisition, hiring_manager)
    log_in(page, hiring_manager)
    expect(page.get_by_role("main")).to_contain_text("Review Jane Doe")  # waiting on me
    assert_accessible(page)
    expect(page.locator("#bell-count")).to_be_hidden()

    # The deadline passes while the page is open; the next sweep escalates it.
    page.evaluate("window.__notReloaded = true")
    Commitment.objects.filter(pk=commitment.pk).update(
        nudge_at=commitment.started_at,
        due_at=commitment.started_at,
        escalate_at=commitment.started_at,
        next_step_at=commitment.started_at,
    )
    sweep()
    expect(page.locator("#bell-count")).to_have_text("1 unread", timeout=30_000)
    assert page.evaluate("window.__notReloaded") is True

    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Review Jane Doe").click()
    expect(page).to_have_url(f"{live_server.url}/requisitions/{requisition.pk}/")
    expect(page.locator("#bell-count")).to_be_hidden()
    expect(page.locator("#commitments")).to_contain_text("1 overdue")
    assert_accessible(page)
