"""Issue 25, findings 2, 3 and 6 in a real browser: a hiring manager on the panel sees the
others' scorecards only after submitting their own; the debrief decision is owed, reminded
and met on the debrief; an interviewer's home on the day of an interview shows it, with the
plan, and the scorecard opens at its start."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commitments.models import Commitment, Notification
from commitments.sweep import sweep
from interviews.feedback import open_feedback_commitments, submit_scorecard
from interviews.models import Interview
from interviews.scheduling import schedule_interview
from tests.interviews.helpers import activate_plan, make_application, past_interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def shot(page, name):
    """Screenshots for a person to look at, when ACCORD_SHOTS names a folder."""
    if folder := os.environ.get("ACCORD_SHOTS"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def score(interview, author, notes, recommendation="yes"):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=[{"area": a, "rating": 3, "note": ""} for a in interview.focus_areas],
        recommendation=recommendation,
        notes=notes,
    )


@pytest.fixture
def one_round(requisition, recruiter, hiring_manager, hr_generalist, interviewer):
    """Jane Doe's technical interview, held an hour ago, with Aiko and the hiring manager."""
    activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer, hiring_manager],
        one_stage=True,
    )
    application = make_application(requisition, recruiter)
    interview = past_interview(
        application, panel=[interviewer, hiring_manager], scheduled_by=recruiter
    )
    open_feedback_commitments()  # the panel's scorecards are owed; the prompts go out
    return application, interview


def test_a_hiring_manager_on_the_panel_reads_the_others_only_after_submitting(
    live_server, browser, log_in, assert_accessible, one_round, interviewer, hiring_manager
):
    application, interview = one_round
    score(interview, interviewer, "Aiko: owns incidents end to end.", "strong_yes")
    base = f"{live_server.url}/requisitions/{application.requisition_id}"

    page = browser.new_page(viewport=LAPTOP)
    log_in(page, hiring_manager)
    page.goto(f"{base}/candidates/{application.pk}/debrief/")
    expect(page.get_by_role("heading", name="Your scorecard first")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Aiko: owns incidents")
    expect(page.get_by_role("main")).not_to_contain_text("Strong yes")
    expect(page.get_by_role("heading", name="Your decision")).to_have_count(0)
    assert_accessible(page)
    shot(page, "debrief-held-1280")
    page.get_by_role("link", name="Write your scorecard: Technical interview").click()
    expect(page.get_by_role("heading", name="Scorecard: Jane Doe")).to_be_visible()
    expect(page.locator(".others")).not_to_contain_text("Aiko: owns incidents")
    areas = page.locator("fieldset.area")
    for i in range(3):
        areas.nth(i).locator(".scale__option").nth(2).click()
    page.locator(".scale__option--yes").click()
    page.get_by_label("Notes").fill("Daniel: good on payments.")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.locator(".flash")).to_contain_text("Scorecard submitted")
    expect(page.locator(".others")).to_contain_text("Aiko: owns incidents end to end.")
    assert_accessible(page)

    page.goto(f"{base}/candidates/{application.pk}/debrief/")
    expect(page.locator(".debrief-notes")).to_contain_text("Aiko: owns incidents end to end.")
    expect(page.locator(".decision")).to_contain_text("yours to decide by")
    assert_accessible(page)
    shot(page, "debrief-open-1280")


def test_the_debrief_decision_is_reminded_and_met_on_the_debrief(
    live_server, browser, log_in, assert_accessible, one_round, interviewer, hiring_manager
):
    application, interview = one_round
    score(interview, interviewer, "Aiko: owns incidents end to end.")
    score(interview, hiring_manager, "Daniel: good on payments.")
    decision = Commitment.objects.get(kind="debrief_decision")
    assert decision.owner == hiring_manager

    page = browser.new_page(viewport=LAPTOP)
    log_in(page, hiring_manager)
    expect(page.get_by_role("main")).to_contain_text("Decide on Jane Doe after the Technical")
    # The agreed time passes; the sweep reminds the hiring manager.
    past = timezone.now() - timedelta(minutes=5)
    Commitment.objects.filter(pk=decision.pk).update(
        nudge_at=None, due_at=past, next_step_at=past, escalate_at=past + timedelta(days=1)
    )
    unread = Notification.objects.filter(recipient=hiring_manager, read_at=None).count()
    sweep()
    expect(page.locator("#bell-count")).to_have_text(f"{unread + 1} unread", timeout=30_000)
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator(".notification--warning")).to_contain_text("Decide on Jane Doe")
    assert_accessible(page)
    shot(page, "notifications-1280")
    page.get_by_role("button", name="Decide on Jane Doe").click()
    expect(page.get_by_role("heading", name="Debrief: Jane Doe")).to_be_visible()
    expect(page.locator(".decision")).to_contain_text("overdue")
    page.get_by_label("Make an offer").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Offer: Jane Doe")).to_be_visible()
    decision.refresh_from_db()
    assert decision.state == "met"


def test_an_interviewers_home_on_the_day_of_an_interview(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hiring_manager,
    hr_generalist,
    interviewer,
):
    activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer],
        one_stage=True,
    )
    start = (timezone.now() + timedelta(minutes=40)).replace(second=0, microsecond=0)
    interview = schedule_interview(
        application=make_application(requisition, recruiter),
        stage_index=0,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        location="https://meet.example.com/jane",
        notes="Ask about the ledger.",
        interviewers=[interviewer],
        scheduled_by=recruiter,
    )
    opens = timezone.localtime(start, interviewer.zone).strftime("%H:%M")

    phone = browser.new_page(viewport=PHONE)
    log_in(phone, interviewer)
    main = phone.get_by_role("main")
    expect(main).not_to_contain_text("Nothing is waiting on you")
    agenda = phone.locator(".agenda")
    expect(agenda).to_contain_text("Technical interview with Jane Doe")
    expect(agenda).to_contain_text("Python in production · Owns on-call · PostgreSQL")
    expect(agenda).to_contain_text(f"Scorecard opens at {opens}")
    assert_accessible(phone)
    shot(phone, "home-interviewer-390")
    phone.get_by_role("link", name="Technical interview with Jane Doe").click()
    expect(phone.get_by_role("main")).to_contain_text(f"Your scorecard opens at {opens}")
    phone.goto(
        f"{live_server.url}/requisitions/{requisition.pk}/interviews/{interview.pk}/scorecard/"
    )
    expect(phone.get_by_role("heading", name=f"Your scorecard opens at {opens}")).to_be_visible()
    expect(phone.get_by_role("button", name="Submit scorecard")).to_have_count(0)
    assert_accessible(phone)
    shot(phone, "scorecard-opens-390")

    # The interview begins: the home links the scorecard, which opens on the form.
    now = timezone.now().replace(microsecond=0)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(minutes=55)
    )
    phone.goto(f"{live_server.url}/")
    phone.locator(".agenda").get_by_role("link", name="Write your scorecard").click()
    expect(phone.get_by_role("button", name="Submit scorecard")).to_be_visible()

    laptop = browser.new_page(viewport=LAPTOP)
    log_in(laptop, interviewer)
    expect(laptop.locator(".agenda")).to_contain_text("Technical interview with Jane Doe")
    assert_accessible(laptop)
    shot(laptop, "home-interviewer-1280")
