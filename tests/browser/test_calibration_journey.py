"""Issue 21's calibration round, in the browser: the agreement comes into force asking for a
round; the recruiter is owed the profiles, is refused with two and presents three; the hiring
manager, on a phone, marks each against every must-have (refused while one is unmarked); the
result stands beside the brief and the recruiter opens the amended draft from it. axe on every
page; screenshots at laptop and phone width when ACCORD_SCREENSHOTS names a folder."""

import os

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from intake.drafting import save_section
from intake.models import Agreement
from tests.pipeline.helpers import activate_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ACCORD_SCREENSHOTS", "")
PROFILES = [
    ("Past hire: payments engineer from a fintech scale-up", "Five years on card payments"),
    ("Candidate: platform engineer at a bank", ""),
    ("Anonymised: data engineer, retail", "Strong SQL, no Python in production"),
]


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def active(requisition, recruiter, hiring_manager, hr_generalist):
    save_section(
        requisition=requisition,
        section="calibration",
        value={"round": True, "round_days": 3, "rejection_threshold": 3},
        edited_by=recruiter,
    )
    return activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )


def test_the_recruiter_presents_the_manager_marks_on_a_phone_and_the_brief_can_be_amended(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hiring_manager,
    active,
):
    base = live_server.url
    url = f"{base}/requisitions/{requisition.pk}/agreement/calibration/"
    owed = Commitment.objects.get(kind=CommitmentKind.CALIBRATION_PROFILES)
    assert owed.owner == recruiter and owed.url.endswith("/agreement/calibration/")

    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(desk, recruiter)
    desk.goto(f"{base}{owed.url}" if owed.url.startswith("/") else owed.url)
    expect(desk.get_by_role("heading", level=1)).to_have_text("Calibration round")
    expect(desk.get_by_role("heading", name="Present the profiles")).to_be_visible()
    assert_accessible(desk)
    _shot(desk, "calibration-present-1280")
    # Two are not enough: the reason is said, nothing is sent.
    for number, (label, _summary) in enumerate(PROFILES[:2]):
        desk.locator(f"#label_{number}").fill(label)
    desk.get_by_role("button", name="Present to").click()
    expect(desk.get_by_role("alert")).to_contain_text("Present 3 to 5 profiles")
    assert not Commitment.objects.filter(kind=CommitmentKind.CALIBRATION_REVIEW).exists()
    for number, (label, summary) in enumerate(PROFILES):
        desk.locator(f"#label_{number}").fill(label)
        desk.locator(f"#summary_{number}").fill(summary)
    desk.get_by_role("button", name="Present to").click()
    expect(desk.locator(".flash")).to_contain_text("The profiles are with the hiring manager")
    expect(desk.locator("main")).to_contain_text("Waiting for the hiring manager's marks")

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    log_in(page, hiring_manager)
    page.goto(url)
    expect(page.get_by_role("heading", name="The profiles")).to_be_visible()
    assert_accessible(page)
    _shot(page, "calibration-mark-390")
    musts = active.role_profile["must_haves"]
    page.get_by_label(f"{PROFILES[0][0]}: {musts[0]}").select_option("yes")
    page.get_by_role("button", name="Send my marks").click()
    expect(page.get_by_role("alert")).to_be_visible()  # one mark is not all of them
    for number, (label, _summary) in enumerate(PROFILES):
        for index, must in enumerate(musts):
            mark = "no" if (number, index) == (2, 0) else "yes" if number == 0 else "close"
            page.get_by_label(f"{label}: {must}").select_option(mark)
    page.get_by_role("button", name="Send my marks").click()
    expect(page.get_by_role("heading", name="The result")).to_be_visible()
    expect(page.locator(".calibration-mark--no")).to_have_count(1)
    assert_accessible(page)
    _shot(page, "calibration-result-390")
    phone.close()
    review = Commitment.objects.get(kind=CommitmentKind.CALIBRATION_REVIEW)
    assert review.owner == hiring_manager and review.state == Commitment.State.MET

    desk.goto(url)
    expect(desk.get_by_role("heading", name="The result")).to_be_visible()
    desk.get_by_role("button", name="Amend the brief").click()
    expect(desk.locator(".flash")).to_contain_text("Draft v2 is open")
    assert_accessible(desk)
    _shot(desk, "calibration-amend-1280")
    desk.close()
    assert Agreement.objects.filter(requisition=requisition, state="draft", version=2).exists()
