"""The recruiter adds a candidate with a résumé, screens them and submits three at once; the
hiring manager reviews them by keyboard (advance one, reject one with a reason, ask about
one); the recruiter answers; the first shortlist is met."""

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from pipeline.models import Application, Stage
from pipeline.reasons import ensure_default_reasons
from pipeline.sample_pdf import resume_pdf
from tests.pipeline.helpers import activate_agreement, screened

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_new_candidate_to_the_managers_decisions_and_the_shortlist(
    live_server,
    browser,
    log_in,
    assert_accessible,
    settings,
    tmp_path,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_default_reasons()  # earlier transactional tests flush what the migration seeded
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    screened(requisition, recruiter, name="Bo Berg")
    screened(requisition, recruiter, name="Cy Cole")
    base = f"{live_server.url}/requisitions/{requisition.pk}"
    cv = tmp_path / "Ann Ames CV.pdf"
    cv.write_bytes(resume_pdf("Ann Ames", "Staff engineer", ["EXPERIENCE", "Payments"]))

    # The recruiter adds Ann with her résumé…
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, recruiter)
    page.goto(f"{base}/candidates/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a candidate").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Ann Ames")
    page.get_by_label("Email").fill("ann@example.com")
    page.get_by_label("Source", exact=True).select_option("referrals")
    page.get_by_label("Résumé").set_input_files(str(cv))
    page.get_by_role("button", name="Add and screen").click()

    # …screens her against the agreement's role profile…
    expect(page.get_by_role("heading", level=1)).to_contain_text("Screening: Ann Ames")
    assert_accessible(page)
    page.get_by_role("button", name="Complete screening").click()
    expect(page.locator(".form-error, .field__error").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes").check()
    for i, rating in enumerate(["3", "4"]):
        page.locator(f'input[name="must_{i}_rating"][value="{rating}"]').check(force=True)
        page.locator(f'input[name="must_{i}_note"]').fill("Seen it in production")
    page.get_by_label("Your summary for the hiring manager").fill("Strong on payments.")
    page.get_by_role("button", name="Complete screening").click()
    expect(page.get_by_text("Screening complete: ready for the hiring manager")).to_be_visible()

    # …and submits the three screened candidates in one batch from the shortlist.
    page.goto(f"{base}/shortlist/")
    assert_accessible(page)
    for name in ("Ann Ames", "Bo Berg", "Cy Cole"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Submit to").click()
    expect(page.locator(".progress-figure")).to_contain_text("3 of 3 submitted")
    shortlist = Commitment.objects.get(kind=CommitmentKind.PRESENT_SHORTLIST)
    assert shortlist.state == "met"
    assert (
        Commitment.objects.filter(kind=CommitmentKind.REVIEW_CANDIDATE, state="open").count() == 3
    )

    # The hiring manager reviews them with the keyboard, one at a time.
    manager = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(manager, hiring_manager)
    manager.goto(f"{base}/review/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Bo Berg")
    expect(manager.locator("iframe.resume-frame:visible")).to_have_count(0)
    assert_accessible(manager)
    manager.keyboard.press("a")
    status = manager.locator("#review-status")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Cy Cole")
    expect(status).to_contain_text("Bo Berg moves on to Technical interview")

    # Reject in four keys: R, the reason's number, the brief's number (issue 21), Enter.
    manager.keyboard.press("r")
    manager.keyboard.press("2")
    expect(manager.get_by_label("Skills gap on a must-have")).to_be_checked()
    manager.keyboard.press("1")
    manager.keyboard.press("Enter")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Ann Ames")
    expect(status).to_contain_text("Cy Cole is rejected")

    expect(manager.locator("iframe.resume-frame:visible")).to_have_count(1)
    assert_accessible(manager)
    manager.keyboard.press("q")
    expect(manager.get_by_label("Your question")).to_be_focused()
    manager.keyboard.type("What notice period does Ann have?")
    manager.keyboard.press("Control+Enter")
    expect(status).to_contain_text("went to the recruiter")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Nothing waiting for your review")

    stages = dict(Application.objects.values_list("candidate__name", "stage"))
    assert stages == {
        "Bo Berg": Stage.INTERVIEW,
        "Cy Cole": Stage.REJECTED,
        "Ann Ames": "submitted",
    }
    reviews = Commitment.objects.filter(kind=CommitmentKind.REVIEW_CANDIDATE)
    assert set(reviews.values_list("state", flat=True)) == {"met"}

    # The recruiter answers from the candidate's page; Ann is back in the manager's queue.
    page.goto(f"{base}/candidates/")
    page.get_by_role("link", name="Ann Ames").click()
    expect(page.get_by_text("What notice period does Ann have?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your answer").fill("One month.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".flash")).to_contain_text("back in the manager's queue")
    answer = Commitment.objects.get(kind=CommitmentKind.ANSWER_QUESTION)
    assert answer.state == "met"
    manager.goto(f"{base}/review/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Ann Ames")
    assert (
        Commitment.objects.filter(kind=CommitmentKind.REVIEW_CANDIDATE, state="open").count() == 1
    )


def test_a_card_dragged_past_a_gate_comes_back_with_the_gates_message(
    live_server, browser, log_in, settings, tmp_path, requisition, recruiter
):
    from pipeline.stages import move_application
    from tests.pipeline.helpers import add

    settings.MEDIA_ROOT = tmp_path / "media"
    application = add(requisition, recruiter, name="Dee Drag")
    move_application(application=application, to_stage="screening", by=recruiter)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, recruiter)
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/candidates/")
    page.locator(f"#card-{application.pk}").drag_to(
        page.locator('.board__col[data-stage="applied"]')
    )
    expect(page.locator('.board__col[data-stage="applied"]')).to_contain_text("Dee Drag")
    page.locator(f"#card-{application.pk}").drag_to(
        page.locator('.board__col[data-stage="submitted"]')
    )
    expect(page.locator(f"#card-{application.pk} .app-card__error")).to_contain_text(
        "nothing moves past screening"
    )
    application.refresh_from_db()
    assert application.stage == "applied"
