"""Issue 25, findings 1, 4 and 5 in the browser: a recruiter trying the moves that are not
theirs is refused with the reason next to the field and nothing changes; HR marks a search
filled through its confirmation with two candidates still in play, and both are then waiting
to be told the outcome."""

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from pipeline.models import Application, Stage
from pipeline.reasons import ensure_default_reasons
from pipeline.stages import move_application
from tests.pipeline.helpers import activate_agreement, screen, screened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def search(settings, tmp_path, requisition, recruiter, hr_generalist, hiring_manager):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_default_reasons()  # earlier transactional tests flush what the migration seeded
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    return requisition


def test_a_recruiter_trying_forbidden_moves_is_refused_with_the_reason(
    live_server, browser, log_in, assert_accessible, search, recruiter, hr_generalist
):
    jane = screened(search, recruiter, name="Jane Doe")
    omar = screened(search, recruiter, name="Omar Haddad")
    screen(omar, recruiter, answers={"ko_0": "No"})
    base = f"{live_server.url}/requisitions/{search.pk}/candidates"

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, recruiter)

    # Omar said "No" to the knock-out: "Submitted" is not offered, and the page says why.
    page.goto(f"{base}/{omar.pk}/")
    move_to = page.get_by_label("To stage")
    expect(move_to.locator("option[value=submitted]")).to_have_count(0)
    expect(page.locator("#move-next-why")).to_contain_text("knock-out")
    assert_accessible(page)
    # A form from before the screening (forged here) is refused by the server all the same.
    page.evaluate(
        "document.getElementById('move-to').add(new Option('Submitted', 'submitted', true, true))"
    )
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator("#move-to-error")).to_contain_text("Right to work in the UK?")
    assert_accessible(page)
    assert Application.objects.get(pk=omar.pk).stage == Stage.SCREENING

    # Jane's page is open when HR submits her to the hiring manager in the meantime; the
    # recruiter, still on the old page, tries to move her back to Applied.
    page.goto(f"{base}/{jane.pk}/")
    move_application(application=jane, to_stage="submitted", by=hr_generalist)
    page.get_by_label("To stage").select_option("applied")
    page.get_by_role("button", name="Move", exact=True).click()
    # Nothing is hers to choose any more: the refusal stands at the top of the Move card.
    expect(page.locator("#move-error")).to_contain_text("waiting for Daniel")
    assert_accessible(page)
    jane.refresh_from_db()
    assert jane.stage == Stage.SUBMITTED
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE, subject_id=jane.pk)
    assert review.state == Commitment.State.OPEN, "the manager's review is still theirs"
    # Now the page offers her nothing but recording the candidate's own withdrawal.
    expect(page.get_by_label("To stage")).to_have_count(0)
    expect(page.get_by_text("Record a withdrawal…")).to_be_visible()
    page.close()


def test_a_search_filled_with_two_candidates_in_play_leaves_both_to_be_told(
    live_server, browser, log_in, assert_accessible, search, recruiter, hr_generalist
):
    screened(search, recruiter, name="Ann Ames")
    screened(search, recruiter, name="Bo Berg")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, hr_generalist)
    page.goto(f"{live_server.url}/requisitions/{search.pk}/")
    page.get_by_role("link", name="Mark filled…").click()

    # The confirmation: nobody hired against a headcount of one, two still in play.
    expect(page.get_by_role("heading", level=1)).to_contain_text("filled?")
    expect(page.get_by_text("0 of 1 hired in Accord")).to_be_visible()
    expect(page.get_by_role("heading", name="Candidates still in play: 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark filled").click()
    expect(page.locator(".field__error").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="It was filled outside Accord").check()
    page.get_by_role("textbox", name="How was it filled?").fill(
        "An internal move from the payments team"
    )
    page.get_by_role("button", name="Mark filled").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Filled")
    search.refresh_from_db()
    assert search.state == "filled"

    # Both are closed as "Position filled" and wait on the recruiter to be told.
    page.goto(f"{live_server.url}/requisitions/{search.pk}/commitments/")
    for name in ("Ann Ames", "Bo Berg"):
        expect(page.get_by_text(f"Tell {name} the outcome").first).to_be_visible()
    assert_accessible(page)
    page.close()

    page = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(page, recruiter)
    for name in ("Ann Ames", "Bo Berg"):
        expect(page.get_by_text(f"Tell {name} the outcome").first).to_be_visible()
    page.get_by_text("Tell Ann Ames the outcome").first.click()
    expect(page.locator("body")).to_contain_text("Dear Ann")
    assert_accessible(page)
    page.get_by_role("button", name="Send").first.click()
    expect(page.locator(".flash__item--success")).to_contain_text("sent")
    told = Commitment.objects.get(kind=CommitmentKind.INFORM_CANDIDATE, title__contains="Ann")
    assert told.state == Commitment.State.MET
    page.close()
