"""The hiring manager's review by keyboard only (issue 25, finding 8: "the review is slow to
the hand"): ten decisions, each swapping the next candidate in without a page load, the next
résumé loading behind the current one, reject in four keys (the reason, then the reason against
the brief), Escape back to the shortcuts, the shortcuts alive after a click into the résumé —
and every decision the server's."""

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from pipeline.models import Application, Stage
from pipeline.reasons import ensure_default_reasons
from pipeline.submissions import submit_applications
from tests.pipeline.helpers import activate_agreement, pdf_upload, screened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = [
    "Ada Ames", "Ben Bell", "Cleo Cruz", "Dev Das", "Eli Eng", "Fay Fox",
    "Gus Gray", "Hal Hunt", "Ivy Ito", "Jo Jung", "Kai Kerr", "Lou Lam",
]  # fmt: skip


@pytest.fixture
def queue(settings, tmp_path, requisition, recruiter, hr_generalist, hiring_manager):
    """Twelve submitted candidates with PDF résumés, in the order the queue shows them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_default_reasons()  # earlier transactional tests flush what the migration seeded
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    applications = [
        screened(requisition, recruiter, name=name, resume=pdf_upload(who=name)) for name in NAMES
    ]
    for application in applications:  # one at a time: the queue follows submission order
        submit_applications(applications=[application], by=recruiter)
    return applications


def test_finding_8_ten_decisions_by_keyboard_each_swapping_in_the_next_candidate(
    live_server, browser, log_in, assert_accessible, requisition, hiring_manager, queue
):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, hiring_manager)
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/review/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Ada Ames")
    assert_accessible(page)
    page.evaluate("window.__marker = 'still this document'")
    # The next résumé is already loading in a frame behind this one.
    expect(page.locator("iframe.resume-frame[hidden]")).to_have_count(1)

    decisions = []
    for number, name in enumerate(NAMES[:10]):
        expect(heading).to_have_text(name)
        if number % 3 == 1:
            # Reject: R, the reason's number, the brief's number (issue 21), Enter.
            page.keyboard.press("r")
            expect(page.locator("#decide-reject")).to_have_attribute("open", "")
            page.keyboard.press("2")
            expect(page.get_by_label("Skills gap on a must-have")).to_be_checked()
            page.keyboard.press("1")
            expect(page.get_by_label("Lacks Python in production")).to_be_checked()
            page.keyboard.press("Enter")
            decisions.append((name, Stage.REJECTED))
        else:
            page.keyboard.press("a")
            decisions.append((name, Stage.INTERVIEW))
        expect(heading).to_have_text(NAMES[number + 1])
        if number == 3:
            assert_accessible(page)
    expect(page.locator("#review-status")).to_contain_text("Jo Jung moves on")
    # No page was loaded for any of it: the same document all along.
    assert page.evaluate("window.__marker") == "still this document"
    assert page.url.endswith(f"/review/{queue[10].pk}/")

    # Escape leaves the reason box and the keys work again; so does a click into the résumé.
    page.keyboard.press("r")
    expect(page.locator("#decide-reject")).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(page.locator("#decide-reject")).not_to_have_attribute("open", "")
    page.locator("iframe.resume-frame:visible").click(position={"x": 200, "y": 200})
    page.wait_for_timeout(200)
    page.keyboard.press("q")
    expect(page.get_by_label("Your question")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(heading).to_have_text("Lou Lam")
    expect(page.locator("#review-status")).to_contain_text("Kai Kerr moves on")
    decisions.append(("Kai Kerr", Stage.INTERVIEW))

    stages = dict(Application.objects.values_list("candidate__name", "stage"))
    for name, stage in decisions:
        assert stages[name] == stage, name
    assert stages["Lou Lam"] == Stage.SUBMITTED
    reviews = Commitment.objects.filter(kind=CommitmentKind.REVIEW_CANDIDATE)
    assert reviews.filter(state="met").count() == 11 and reviews.filter(state="open").count() == 1


def test_a_refused_decision_brings_its_candidate_back_with_the_reason(
    live_server, browser, log_in, requisition, hiring_manager, recruiter, queue
):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, hiring_manager)
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/review/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Ada Ames")
    # Meanwhile the search goes on hold: nothing but closing moves now.
    requisition.state = "on_hold"
    requisition.save(update_fields=["state"])
    page.keyboard.press("a")
    expect(heading).to_have_text("Ada Ames")
    expect(page.locator("#review-status")).to_contain_text("was not saved")
    expect(page.locator(".form-error")).to_contain_text("on hold")
    assert Application.objects.get(candidate__name="Ada Ames").stage == Stage.SUBMITTED


def test_without_javascript_each_decision_posts_and_redirects_to_the_next(
    live_server, browser, log_in, requisition, hiring_manager, queue
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, hiring_manager)
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Ames")
    page.get_by_role("button", name="Advance to Technical interview").click()
    expect(page.locator(".flash")).to_contain_text("Ada Ames moves on to Technical interview")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ben Bell")
    page.locator("summary", has_text="Reject").click()
    page.get_by_label("Salary expectations").check()
    page.get_by_label("Lacks Owns on-call").check()
    page.get_by_role("button", name="Reject Ben Bell").click()
    expect(page.locator(".flash")).to_contain_text("Ben Bell is rejected")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cleo Cruz")
    context.close()
