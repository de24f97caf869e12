"""HR reviews status across searches and narrows the board to what is overdue."""

import pytest
from playwright.sync_api import expect

from tests.factories import RequisitionFactory, make_commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_filters_the_board_to_overdue_searches(
    live_server, page, log_in, assert_accessible, requisition, hr_lead, hiring_manager
):
    RequisitionFactory(state="open", title="Quiet search")
    late = make_commitment(requisition, hiring_manager)
    late.due_at = late.started_at
    late.save()
    log_in(page, hr_lead)
    page.get_by_role("link", name="Status board").click()
    expect(page.get_by_role("heading", name="Status board")).to_be_visible()
    expect(page.locator("#board")).to_contain_text("Quiet search")
    assert_accessible(page)
    page.get_by_label("Something overdue").check()
    expect(page.locator("#board")).not_to_contain_text("Quiet search")
    expect(page.locator("#board")).to_contain_text("1 overdue")
    assert "overdue=on" in page.url
    page.get_by_role("link", name=requisition.title).click()
    expect(page.locator("#commitments")).to_contain_text("1 overdue")
