"""A recruiter drafts a search with its team and opens it; the hiring manager then finds it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hiring.models import Requisition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recruiter_creates_a_search_and_the_hiring_manager_sees_it(
    live_server,
    browser,
    log_in,
    assert_accessible,
    recruiter,
    hr_generalist,
    hiring_manager,
    interviewer,
):
    recruiter_page = browser.new_page(viewport={"width": 1280, "height": 900})
    recruiter_page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(recruiter_page)
    log_in(recruiter_page, recruiter)
    assert_accessible(recruiter_page)

    recruiter_page.get_by_role("link", name="Requisitions", exact=True).click()
    assert_accessible(recruiter_page)
    recruiter_page.get_by_role("link", name="New requisition").click()
    assert_accessible(recruiter_page)

    form = recruiter_page
    form.get_by_label("Title").fill("Staff Platform Engineer")
    form.get_by_label("Department").fill("Engineering")
    form.get_by_label("Location").fill("Bristol")
    form.get_by_label("Headcount").fill("2")
    start = timezone.localdate() + timedelta(days=45)
    form.get_by_label("Target start date").fill(start.isoformat())
    form.get_by_label("Salary from").fill("90000")
    form.get_by_label("Salary to").fill("80000")  # a mistake, caught next to the field
    form.get_by_label("HR generalist").select_option(label=hr_generalist.display_name)
    form.get_by_label("Hiring manager").select_option(label=hiring_manager.display_name)
    form.get_by_label(interviewer.display_name).check()
    form.get_by_role("button", name="Create draft").click()

    expect(form.locator("#id_salary_max_error")).to_contain_text("at least its bottom")
    assert_accessible(recruiter_page)
    assert not Requisition.objects.exists()

    form.get_by_label("Salary to").fill("110000")
    form.get_by_role("button", name="Create draft").click()
    expect(recruiter_page.get_by_role("heading", level=1)).to_contain_text(
        "Staff Platform Engineer"
    )
    expect(recruiter_page.locator("#team")).to_contain_text(hiring_manager.display_name)
    expect(recruiter_page.locator("#journal")).to_contain_text("Created the requisition")
    assert_accessible(recruiter_page)

    # Opening the search swaps the summary in place and the journal follows, no reload.
    recruiter_page.evaluate("window.__notReloaded = true")
    recruiter_page.get_by_role("button", name="Open the search").click()
    expect(recruiter_page.locator("#summary .badge")).to_have_text("Open")
    expect(recruiter_page.locator("#journal")).to_contain_text("from Draft to Open")
    assert recruiter_page.evaluate("window.__notReloaded") is True

    manager_context = browser.new_context(viewport={"width": 390, "height": 844})
    manager_page = manager_context.new_page()
    log_in(manager_page, hiring_manager)
    expect(manager_page.get_by_role("main")).to_contain_text("Staff Platform Engineer")
    assert_accessible(manager_page)
    manager_page.get_by_role("link", name="Staff Platform Engineer").first.click()
    expect(manager_page.locator("#summary")).to_contain_text("GBP 90,000 – 110,000")
    assert_accessible(manager_page)
    manager_context.close()
    recruiter_page.close()


def test_hr_changes_the_team_in_place(
    live_server, page, log_in, assert_accessible, requisition, hr_generalist, interviewer
):
    log_in(page, hr_generalist)
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/")
    page.get_by_role("link", name="Change team").click()
    expect(page.get_by_role("button", name="Save team")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(interviewer.display_name).uncheck()
    page.get_by_role("button", name="Save team").click()
    expect(page.locator("#team")).to_contain_text("Hiring team saved.")
    expect(page.locator("#team")).not_to_contain_text(interviewer.display_name)
    expect(page.locator("#journal")).to_contain_text(f"removed {interviewer.display_name}")
