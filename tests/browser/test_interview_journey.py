"""The recruiter schedules an interview; two interviewers score it (one on a phone), each
seeing the other's scorecard only after submitting their own; the hiring manager reads both
at the debrief and decides to offer; HR — whom this search's matrix makes Responsible for
preparing and for extending the offer — prepares it and records it accepted: the search is
filled."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interviews.feedback import submit_scorecard
from interviews.models import Interview
from outbox.models import OutboundEmail
from tests.factories import TeamRole, UserFactory, put_on_team
from tests.interviews.helpers import activate_plan, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def hr_extends_the_offer(requisition, recruiter):
    """Offer extension and closing: HR Responsible, the recruiter Accountable."""
    from intake.drafting import cycle_matrix_cell

    for party, clicks in (("hr_generalist", 4), ("recruiter", 1)):  # A→C→I→–→R; R→A
        for _ in range(clicks):
            cycle_matrix_cell(
                requisition=requisition, step="offer_closing", party=party, edited_by=recruiter
            )


def next_tuesday():
    today = timezone.localdate()
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


def test_from_scheduling_to_a_filled_search(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
    interviewer,
):
    bea = UserFactory(username="bea", first_name="Bea", last_name="Moss", role="interviewer")
    put_on_team(requisition, bea, TeamRole.INTERVIEWER)
    activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer, bea],
        before=lambda r: hr_extends_the_offer(r, recruiter),
        one_stage=True,
    )
    application = make_application(requisition, recruiter)
    base = f"{live_server.url}/requisitions/{requisition.pk}"

    # The recruiter schedules: the plan's panel is preselected; a review shows the
    # candidate's email before the invites go.
    page = browser.new_page(viewport=LAPTOP)
    log_in(page, recruiter)
    page.goto(f"{base}/interviews/")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule interview").click()
    expect(page.get_by_role("heading", name="Schedule an interview")).to_be_visible()
    expect(page.get_by_label(f"{interviewer.display_name} (Interviewer)")).to_be_checked()
    expect(page.get_by_label(f"{bea.display_name} (Interviewer)")).to_be_checked()
    page.get_by_label("Date").fill(next_tuesday().isoformat())
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Place or video link").fill("https://meet.example.com/jane")
    page.get_by_label("Notes for the interviewers").fill("Ask about the ledger.")
    page.get_by_role("button", name="Review the invites").click()
    expect(page.locator(".letter")).to_contain_text("What we will talk about")
    expect(page.locator(".letter")).not_to_contain_text("Ask about the ledger.")
    assert_accessible(page)
    page.get_by_role("button", name="Schedule and send invites").click()
    expect(page.get_by_role("heading", name="Technical interview with Jane Doe")).to_be_visible()
    assert_accessible(page)
    interview = Interview.objects.get()
    assert OutboundEmail.objects.filter(key__startswith=f"interview-{interview.pk}-").count() == 3

    # The interview takes place; Bea submits first.
    now = timezone.now().replace(microsecond=0)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
    )
    interview.refresh_from_db()
    submit_scorecard(
        interview=interview,
        author=bea,
        ratings=[{"area": a, "rating": 2, "note": ""} for a in interview.focus_areas],
        recommendation="no",
        notes="Bea thinks the on-call story was thin.",
    )

    # Aiko scores it on her phone: the draft saves itself and survives a reload; Bea's
    # scorecard is hidden until hers is in.
    phone = browser.new_page(viewport=PHONE)
    log_in(phone, interviewer)
    scorecard_url = f"{base}/interviews/{interview.pk}/scorecard/"
    phone.goto(scorecard_url)
    expect(phone.get_by_role("heading", name="Scorecard: Jane Doe")).to_be_visible()
    expect(phone.locator(".others")).not_to_contain_text("Bea thinks")
    assert_accessible(phone)
    areas = phone.locator("fieldset.area")
    for i in range(3):
        areas.nth(i).locator(".scale__option").nth(3 - (i % 2)).click()
    expect(phone.locator("#draft-status")).to_contain_text("Draft saved")
    phone.reload()
    expect(phone.locator("input[name=rating_0][value='4']")).to_be_checked()
    phone.locator(".scale__option--yes").click()
    phone.get_by_label("Notes").fill("Aiko: strong on Python, owns incidents.")
    expect(phone.locator("#draft-status")).to_contain_text("Draft saved")
    phone.get_by_role("button", name="Submit scorecard").click()
    expect(phone.locator(".flash")).to_contain_text("Scorecard submitted")
    expect(phone.locator(".others")).to_contain_text("Bea thinks the on-call story was thin.")
    assert_accessible(phone)

    # The hiring manager reads both side by side and decides to offer.
    manager = browser.new_page(viewport=LAPTOP)
    log_in(manager, hiring_manager)
    manager.goto(f"{base}/candidates/{application.pk}/debrief/")
    grid = manager.locator(".debrief-grid")
    expect(grid).to_contain_text(interviewer.display_name)
    expect(grid).to_contain_text(bea.display_name)
    expect(manager.locator(".debrief-notes")).to_contain_text("Aiko: strong on Python")
    assert_accessible(manager)
    manager.get_by_label("Make an offer").check()
    manager.get_by_role("button", name="Record the decision").click()
    expect(manager.get_by_role("heading", name="Offer: Jane Doe")).to_be_visible()
    expect(manager.locator("main")).not_to_contain_text("Prepare the offer")

    # HR prepares it, extends it and records the acceptance: one headcount, now filled.
    hr = browser.new_page(viewport=LAPTOP)
    log_in(hr, hr_generalist)
    expect(hr.get_by_role("main")).to_contain_text("Prepare the offer for Jane Doe")
    hr.goto(f"{base}/candidates/{application.pk}/offer/")
    assert_accessible(hr)
    hr.get_by_label("Annual salary").fill("90000")
    hr.get_by_label("Start date").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    hr.get_by_role("button", name="Save the prepared offer").click()
    expect(hr.locator("#id_outside_band_reason_error")).to_contain_text("Outside the band")
    hr.get_by_label("Why outside the band?").fill("Matches a competing offer")
    hr.get_by_role("button", name="Save the prepared offer").click()
    expect(hr.locator(".flash")).to_contain_text("Offer prepared")
    expect(hr.locator(".facts")).to_contain_text("Outside the band")
    hr.get_by_role("button", name="Record as extended").click()
    hr.get_by_label("Accepted").check()
    hr.get_by_role("button", name="Record the answer").click()
    expect(hr.locator(".flash")).to_contain_text("Offer accepted")
    assert_accessible(hr)
    hr.goto(f"{base}/")
    expect(hr.locator("#summary")).to_contain_text("Filled")
    requisition.refresh_from_db()
    assert requisition.state == "filled"


def test_the_candidate_answers_the_survey_once_from_the_link_on_a_phone(
    live_server,
    browser,
    assert_accessible,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
    interviewer,
):
    from interviews.surveys import issue_survey
    from tests.interviews.helpers import past_interview

    activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer],
        one_stage=True,
    )
    interview = past_interview(
        make_application(requisition, recruiter), panel=[interviewer], scheduled_by=recruiter
    )
    survey, token = issue_survey(interview=interview)
    page = browser.new_page(viewport=PHONE)  # no login: the link is the key
    page.goto(f"{live_server.url}/survey/{token}/")
    expect(page.get_by_role("heading", name="How did we do?")).to_be_visible()
    assert_accessible(page)
    for question in page.locator("fieldset.area").all():
        question.locator(".scale__option").nth(4).click()
    page.get_by_label("Anything else you would like to tell us?").fill("Kind and on time.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    survey.refresh_from_db()
    assert survey.answered_at is not None and survey.rating_respect == 5
    page.goto(f"{live_server.url}/survey/{token}/")
    expect(page.get_by_role("main")).to_contain_text("already answered")
