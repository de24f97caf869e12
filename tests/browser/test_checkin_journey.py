"""The recruiter records a held check-in with a blocker and an action item for the hiring
manager; the manager marks it done on its own page; both give the pulse; the Check-ins tab's
chart shows it. axe-core on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checkins.models import ActionItem, CalendarFeed, CheckIn
from commitments.models import Commitment
from tests.checkins.agreements import activate_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_check_in_recorded_acted_on_and_rated_by_both_sides(
    live_server,
    browser,
    log_in,
    assert_accessible,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
):
    activate_agreement(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
    )
    # The first check-in has just taken place.
    first = requisition.checkins.order_by("starts_at").first()
    now = timezone.now()
    CheckIn.objects.filter(pk=first.pk).update(
        starts_at=now - timedelta(minutes=45), ends_at=now - timedelta(minutes=15)
    )
    tab = f"{live_server.url}/requisitions/{requisition.pk}/checkins/"

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, recruiter)
    page.goto(tab)
    expect(page.get_by_role("link", name="Check-ins", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Record the check-in of").click()
    assert_accessible(page)
    # The agenda prepared itself (issue 21): each side's open work, and the record starts
    # from it.
    agenda = page.locator(".agenda-card")
    expect(agenda.get_by_role("heading", name=re.compile("^Agenda"))).to_be_visible()
    expect(agenda.get_by_role("heading", name="Candidates moved")).to_be_visible()
    expect(agenda.get_by_role("heading", name="Pulse")).to_be_visible()
    expect(page.get_by_label("Progress")).not_to_have_value("")
    page.get_by_label("Held").check()
    page.get_by_label("Progress").fill("Six screened, three submitted.")
    page.get_by_label("Blockers").fill("No interview slots next week.")
    page.locator("#id_items-0-text").fill("Block two interview slots")
    page.locator("#id_items-0-owner").select_option(str(hiring_manager.pk))
    page.locator("#id_items-0-due_on").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_role("heading", name="The record")).to_be_visible()
    expect(page.get_by_text("No interview slots next week.")).to_be_visible()
    assert_accessible(page)
    item = ActionItem.objects.get()
    assert Commitment.objects.get(kind="action_item").owner == hiring_manager
    page.get_by_role("link", name="Give the pulse").click()
    assert_accessible(page)
    page.get_by_label("5 — very well").check()
    page.get_by_label("Anything to add?").fill("Quick answers this week.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thank you: your answer is in.")).to_be_visible()

    # The hiring manager: the action item, done with a note, then the pulse.
    manager = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(manager, hiring_manager)
    manager.goto(tab)
    manager.get_by_role("link", name="Block two interview slots").click()
    assert_accessible(manager)
    manager.get_by_label("What was done").fill("Tuesdays and Thursdays 14:00 are blocked.")
    manager.get_by_role("button", name="Mark done").click()
    expect(manager.get_by_text("Tuesdays and Thursdays 14:00 are blocked.")).to_be_visible()
    item.refresh_from_db()
    assert item.is_done
    assert Commitment.objects.get(kind="action_item").state == Commitment.State.MET
    manager.get_by_role("link", name="the check-in of").click()
    manager.get_by_role("link", name="Give the pulse").click()
    manager.get_by_label("3 — all right").check()
    manager.get_by_role("button", name="Send").click()
    expect(manager.get_by_text("No open action items.")).to_be_visible()
    assert_accessible(manager)
    # The manager's line: their own answer, drawn and in the table.
    chart = manager.locator(".chart__svg")
    expect(chart).to_be_visible()
    expect(chart.locator(".chart__series--hiring .chart__value")).to_have_text("3")

    # The manager's private calendar address, on its own page.
    manager.goto(f"{live_server.url}/calendar/")
    assert not CalendarFeed.objects.filter(user=hiring_manager).exists()  # a page writes nothing
    manager.get_by_role("button", name="Make my calendar address").click()
    token = CalendarFeed.objects.get(user=hiring_manager).token
    feed_address = manager.get_by_label("Feed address")
    expect(feed_address).to_have_value(re.compile(f"/calendar/{token}.ics$"))
    assert_accessible(manager)

    # The recruiter's chart: their own 5; the manager's side has one answer, so it stays
    # hidden until a second one comes.
    page.goto(tab)
    recruiting = page.locator(".chart__series--recruiting .chart__value")
    expect(recruiting).to_have_text("5")
    expect(page.locator(".chart__svg .chart__series--hiring .chart__marker")).to_have_count(0)
    expect(page.get_by_role("table")).to_contain_text("5")
    assert_accessible(page)
