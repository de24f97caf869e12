"""Issue 21's journey: the hiring manager rejects three candidates for a reason the brief does
not name (by keyboard on the review), the recruiter is told, opens the brief check on a phone,
proposes the new version with the implied must-have, everyone signs it, and the next review
shows the new must-have. axe on every page; screenshots at laptop and phone width."""

import os
import re

import pytest
from playwright.sync_api import expect

from intake.agreements import active_agreement_for
from pipeline.models import Application, Stage
from pipeline.reasons import ensure_default_reasons
from pipeline.submissions import submit_applications
from tests.pipeline.helpers import activate_agreement, screened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Ada Ames", "Ben Bell", "Cleo Cruz", "Dev Das"]
SHOTS = os.environ.get("ACCORD_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def queue(settings, tmp_path, requisition, recruiter, hr_generalist, hiring_manager):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_default_reasons()
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    applications = [screened(requisition, recruiter, name=name) for name in NAMES]
    for application in applications:
        submit_applications(applications=[application], by=recruiter)
    return applications


def test_three_rejections_the_brief_does_not_name_lead_to_a_signed_new_must_have(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hiring_manager,
    hr_generalist,
    queue,
):
    base = live_server.url
    manager = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(manager, hiring_manager)
    manager.goto(f"{base}/requisitions/{requisition.pk}/review/")
    heading = manager.get_by_role("heading", level=1)
    for number, name in enumerate(NAMES[:3]):
        expect(heading).to_have_text(name)
        # R, the disposition reason's number, the brief's "not named" number, a few words.
        manager.keyboard.press("r")
        manager.keyboard.press("2")
        manager.keyboard.press("5")
        expect(manager.get_by_label("What the brief does not name")).to_be_focused()
        if number == 0:
            assert_accessible(manager)
            _shot(manager, "review-reject-1280")
        manager.keyboard.type("Fintech background")
        manager.keyboard.press("Enter")
        expect(heading).to_have_text(NAMES[number + 1])
    expect(manager.locator("#review-status")).to_contain_text("Cleo Cruz is rejected")
    rejected = Application.objects.filter(stage=Stage.REJECTED).count()
    assert rejected == 3

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    log_in(page, recruiter)
    page.goto(f"{base}/notifications/")
    notice = page.get_by_role("button", name=re.compile("The decisions and the brief"))
    expect(notice).to_be_visible()
    notice.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brief check")
    expect(page.get_by_role("heading", name="The decisions and the brief disagree")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Not in the brief: Fintech background")
    assert_accessible(page)
    _shot(page, "brief-check-390")
    expect(page.get_by_label("The must-have, in the brief's words")).to_have_value(
        "Fintech background"
    )
    page.get_by_role("button", name="Send the amended version for signature").click()
    expect(page.locator(".flash")).to_contain_text("Agreement v2 is out for signature")
    assert_accessible(page)
    page.get_by_role("button", name="Sign version 2").click()
    expect(page.locator(".flash")).to_contain_text("You signed version 2")
    phone.close()

    manager.goto(f"{base}/requisitions/{requisition.pk}/agreement/")
    manager.get_by_role("button", name="Sign version 2").click()
    expect(manager.locator(".flash")).to_contain_text("You signed version 2")
    hr = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(hr, hr_generalist)
    hr.goto(f"{base}/requisitions/{requisition.pk}/agreement/")
    hr.get_by_role("button", name="Sign version 2").click()
    expect(hr.locator(".flash")).to_contain_text("Version 2 is now in force")
    hr.goto(f"{base}/requisitions/{requisition.pk}/brief-check/")
    expect(hr.get_by_role("heading", name="The decisions match the brief so far")).to_be_visible()
    _shot(hr, "brief-check-after-1280")
    hr.close()
    assert "Fintech background" in active_agreement_for(requisition).role_profile.must_haves

    # The next review is made against the new words.
    manager.goto(f"{base}/requisitions/{requisition.pk}/review/")
    expect(heading).to_have_text("Dev Das")
    expect(manager.locator("#musts-title")).to_contain_text("agreed in v2")
    expect(manager.locator("main")).to_contain_text("Fintech background")
    assert_accessible(manager)
    manager.close()
