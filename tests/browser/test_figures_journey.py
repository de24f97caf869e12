"""HR opens the pair scoreboard, narrows it to a department, follows a figure to the
commitments behind it and goes Back; a hiring manager opens their own figures; a recruiter
sees what they are waiting on others for. axe-core on every page, at laptop width."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commitments.models import Commitment
from tests.factories import RequisitionFactory, UserFactory, make_commitment, put_on_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overdue(requisition, owner, title, party="hiring_manager"):
    commitment = make_commitment(
        requisition, owner, party=party, title=title, subject=UserFactory()
    )
    Commitment.objects.filter(pk=commitment.pk).update(due_at=timezone.now() - timedelta(hours=3))
    return commitment


def test_hr_reads_the_scoreboard_down_to_the_rows_and_each_side_reads_their_own(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hiring_manager,
    hr_lead,
):
    sales = RequisitionFactory(state="open", title="Account executive", department="Sales")
    sales_manager = UserFactory(role="hiring_manager", first_name="Olga", last_name="Berg")
    put_on_team(sales, recruiter, "recruiter")
    put_on_team(sales, sales_manager, "hiring_manager")
    overdue(requisition, hiring_manager, "Review Priya Nair")
    overdue(sales, sales_manager, "Review Tom Hale")

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, hr_lead)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Figures").click()
    expect(page.get_by_role("heading", name="Is the agreement being kept?")).to_be_visible()
    board = page.locator("#scoreboard")
    expect(board).to_contain_text(hiring_manager.display_name)
    expect(board).to_contain_text("Olga Berg")
    assert_accessible(page)

    page.get_by_label("Department").fill("Engineering")
    expect(board).not_to_contain_text("Olga Berg")
    expect(page).to_have_url(re.compile(r"department=Engineering"))
    scoreboard_url = page.url
    assert_accessible(page)

    board.get_by_role("link", name="1 overdue").first.click()
    expect(page.get_by_role("heading", name="Overdue now")).to_be_visible()
    rows = page.locator("#rows")
    expect(rows).to_contain_text("Review Priya Nair")
    expect(rows).not_to_contain_text("Review Tom Hale")
    assert_accessible(page)

    page.go_back()
    expect(page).to_have_url(scoreboard_url)
    expect(page.get_by_label("Department")).to_have_value("Engineering")
    expect(page.locator("#scoreboard")).not_to_contain_text("Olga Berg")
    expect(page.locator("#scoreboard")).to_contain_text(hiring_manager.display_name)

    # The hiring manager: their own figures, nobody else's.
    manager = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(manager, hiring_manager)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Figures").click()
    manager.get_by_role("link", name="Your own figures").click()
    expect(manager.get_by_role("heading", name="Your figures")).to_be_visible()
    side = manager.locator(".figure-side--hiring")
    expect(side).to_contain_text("0% on time")
    expect(side.get_by_role("link", name="1")).to_have_count(2)  # due 1, overdue now 1
    expect(manager.locator(".figure-side--recruiter")).to_have_count(0)
    assert_accessible(manager)

    # The recruiter: what the two hiring managers owe them, on the home page.
    mine = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(mine, recruiter)
    waiting = mine.get_by_role("region", name="Waiting on others")
    expect(waiting).to_contain_text(hiring_manager.display_name)
    expect(waiting).to_contain_text("Review Priya Nair")
    expect(waiting).to_contain_text("Olga Berg")
    assert_accessible(mine)
