"""Issue 18, done means: a hiring manager decides from the review reminder's buttons on a
phone without signing in; an interviewer says "I did not attend" and the recruiter gets it;
a hiring manager going away sets a stand-in, who finds the review waiting on them."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from commitments.models import Commitment
from commitments.sweep import sweep
from outbox.models import OutboundEmail
from pipeline.models import Stage
from tests.factories import UserFactory, make_commitment
from tests.pipeline.helpers import activate_agreement, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_manager_decides_two_candidates_from_the_reminder_on_a_phone(
    live_server, page, assert_accessible, settings, requisition, recruiter, hiring_manager,
    hr_generalist,
):  # fmt: skip
    settings.ACCORD_BASE_URL = live_server.url
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    with transaction.atomic():
        first, second = (submitted(requisition, recruiter, name=n) for n in ("Ann One", "Ben Two"))
    review = Commitment.objects.get(subject_id=first.pk, kind="review_candidate", state="open")
    Commitment.objects.filter(pk=review.pk).update(
        nudge_at=review.started_at, next_step_at=review.started_at
    )
    sweep()
    email = OutboundEmail.objects.get(key__startswith=f"reminder-c{review.pk}-")
    advance = re.search(r"Advance: (\S+)", email.text).group(1)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(advance)  # not signed in
    expect(page.get_by_role("heading", name="Advance")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Ann One")
    assert_accessible(page)
    page.get_by_role("button", name="Advance").click()
    expect(page.get_by_role("status")).to_contain_text("Ann One moves on")
    expect(page.get_by_role("main")).to_contain_text("Ben Two")
    assert_accessible(page)

    page.get_by_role("link", name="Reject with a reason").click()
    page.locator("input[name=reason]").first.check()
    against = page.locator("input[name=against_brief]")
    if against.count():
        against.first.check()
    page.get_by_role("button", name="Reject with a reason").click()
    expect(page.get_by_role("main")).to_contain_text("Nothing else is waiting on you.")
    assert_accessible(page)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.stage != Stage.SUBMITTED and second.stage == Stage.REJECTED


def test_an_interviewer_declines_i_did_not_attend_and_the_recruiter_receives_it(
    live_server, page, log_in, assert_accessible, requisition, interviewer, recruiter
):
    feedback = make_commitment(
        requisition, interviewer, party="interviewer", kind="interview_feedback", days=1,
        title="Feedback on Jane Doe",
    )  # fmt: skip
    log_in(page, interviewer)
    page.goto(f"{live_server.url}/commitments/{feedback.pk}/")
    assert_accessible(page)
    page.get_by_text("Not mine", exact=True).click()
    page.get_by_label("I did not attend this interview").check()
    page.get_by_role("button", name="Hand it over").click()
    expect(page.get_by_role("main")).to_contain_text("It went to")
    assert_accessible(page)
    assert Commitment.objects.get(pk=feedback.pk).owner == recruiter

    page.context.clear_cookies()
    log_in(page, recruiter)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_role("main")).to_contain_text("is not theirs")
    page.goto(f"{live_server.url}/commitments/{feedback.pk}/")
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("main")).to_contain_text("Declined")
    assert_accessible(page)


def test_a_manager_going_away_sets_a_stand_in_who_finds_the_review_waiting(
    live_server, page, log_in, assert_accessible, requisition, hiring_manager
):
    deputy = UserFactory(role="hiring_manager", first_name="Dana", last_name="Deputy")
    make_commitment(requisition, hiring_manager, title="Review Jane Doe")
    log_in(page, hiring_manager)
    page.goto(f"{live_server.url}/away/")
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("From").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Until (the last day away)").fill(f"{today + timedelta(days=4):%Y-%m-%d}")
    page.get_by_label("Stand-in").select_option(label=deputy.display_name)
    page.get_by_role("button", name="Save the absence").click()
    expect(page.get_by_role("main")).to_contain_text("Away now")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, deputy)
    expect(page.get_by_role("main")).to_contain_text("Review Jane Doe")  # waiting on the deputy
    assert_accessible(page)
