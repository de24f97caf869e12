"""The recruiter schedules the intake, fills the brief and the matrix in place and sends the
agreement; the recruiter and the hiring manager sign, HR countersigns: version 1 is in force."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import Agreement, IntakeSession
from tests.mailbox import send_queued_emails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agreement_from_intake_to_signed_v1(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
):
    agreement_url = f"{live_server.url}/requisitions/{requisition.pk}/agreement/"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, recruiter)
    page.goto(agreement_url)
    expect(page.get_by_role("link", name="Agreement", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    # The intake, with invites to the hiring team.
    page.get_by_role("link", name="Schedule the intake").click()
    assert_accessible(page)
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Time", exact=True).fill("10:30")
    page.get_by_label("Channel").select_option("video")
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.locator("#intake")).to_contain_text("Scheduled")
    assert IntakeSession.objects.get().attendees.count() >= 3
    assert send_queued_emails() >= 3  # what the worker runs
    assert len(mail.outbox) >= 3

    # The role profile saves in place: a mistake first, then the fix, no reload.
    page.evaluate("window.__notReloaded = true")
    section = page.locator("#section-role_profile")
    section.get_by_label("Must-haves").fill("Python in production\nPayments\nOn-call\nKotlin")
    section.get_by_label("Nice-to-haves").fill("PostgreSQL\nCelery\nMentoring")
    section.get_by_label("Shortlist size").fill("4")
    section.get_by_role("button", name="Save role profile").click()
    expect(page.locator("#id_role_profile-must_haves_error")).to_contain_text(
        "3 must-haves at most"
    )
    assert_accessible(page)
    assert not Agreement.objects.exists()
    page.locator("#section-role_profile").get_by_label("Must-haves").fill(
        "Python in production\nPayments\nOn-call"
    )
    page.locator("#section-role_profile").get_by_role("button", name="Save role profile").click()
    expect(page.locator("#section-role_profile")).to_contain_text("Role profile saved.")

    # A matrix click that breaks the rule shows it on the row; cycling on restores it.
    row = page.locator("#matrix-row-sourcing")
    cell = row.locator("td").nth(0).get_by_role("button")
    expect(cell).to_have_text("R")
    cell.click()
    expect(row.locator("td").nth(0).get_by_role("button")).to_have_text("A")
    expect(page.locator("#matrix-row-sourcing")).to_have_class("matrix__row matrix__row--broken")
    expect(page.locator("#matrix-row-sourcing")).to_contain_text("nobody is Responsible")
    assert_accessible(page)
    for letter in ["C", "I", "–", "R"]:
        page.locator("#matrix-row-sourcing td").nth(0).get_by_role("button").click()
        expect(page.locator("#matrix-row-sourcing td").nth(0).get_by_role("button")).to_have_text(
            letter
        )
    expect(page.locator("#matrix-row-sourcing")).not_to_contain_text("Responsible")
    assert page.evaluate("window.__notReloaded") is True

    page.get_by_role("button", name="Send for signature").click()
    expect(page.locator(".flash")).to_contain_text("Version 1 is out for signature")
    assert_accessible(page)
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.locator(".flash")).to_contain_text("You signed version 1")
    page.close()

    manager_context = browser.new_context(viewport={"width": 390, "height": 844})
    manager = manager_context.new_page()
    log_in(manager, hiring_manager)
    # Told before any deadline passes: the bell holds "you have an agreement to sign".
    expect(manager.locator("#bell-count")).not_to_have_text("")
    manager.goto(f"{live_server.url}/notifications/")
    notice = manager.get_by_role("button", name="You have agreement v1")
    expect(notice).to_be_visible()
    assert_accessible(manager)
    notice.click()
    expect(manager).to_have_url(agreement_url)
    assert_accessible(manager)
    manager.get_by_role("button", name="Sign version 1").click()
    expect(manager.locator(".flash")).to_contain_text("You signed version 1")
    assert_accessible(manager)
    manager_context.close()

    hr_page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(hr_page, hr_generalist)
    hr_page.goto(agreement_url)
    hr_page.get_by_role("button", name="Sign version 1").click()
    expect(hr_page.locator(".flash")).to_contain_text("Version 1 is now in force")
    expect(hr_page.locator("#agreement-status")).to_contain_text("Version 1")
    expect(hr_page.locator("#agreement-status .badge")).to_have_text("Active")
    assert_accessible(hr_page)
    hr_page.get_by_role("link", name="Read it all").click()
    expect(hr_page.get_by_role("heading", level=1)).to_contain_text("Agreement version 1")
    assert_accessible(hr_page)
    hr_page.close()
    assert Agreement.objects.get().state == Agreement.State.ACTIVE
