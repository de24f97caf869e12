"""An agency recruiter adds someone another team already knows: they get a profile of their
own and see nothing of the other. An HR lead sees "possible duplicate" on the candidate's page,
opens Personal data and merges the two; both searches keep the one record."""

import os

import pytest
from playwright.sync_api import expect

from pipeline.models import Application, Candidate
from tests.factories import RequisitionFactory, put_on_team
from tests.pipeline.helpers import add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agency_adds_a_known_email_and_an_hr_lead_merges_the_profiles(
    live_server, page, log_in, assert_accessible, requisition, recruiter, agency_recruiter, hr_lead
):
    hugo = add(
        requisition,
        recruiter,
        name="Hugo Martin",
        email="hugo@example.com",
        phone="+33 6 12 34 56 78",
        notes="Team A's private notes",
    )
    search = RequisitionFactory(state="open", title="Data Engineer (agency)")
    put_on_team(search, agency_recruiter, "recruiter")

    log_in(page, agency_recruiter)
    page.goto(f"{live_server.url}/requisitions/{search.pk}/candidates/new/")
    page.get_by_label("Name").fill("H. Martin")
    page.get_by_label("Email").fill("Hugo@Example.com")
    page.get_by_label("Source", exact=True).select_option("referrals")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("H. Martin is in the search.")).to_be_visible()
    body = page.content()
    assert "Hugo Martin" not in body and "+33 6 12 34 56 78" not in body
    assert "Team A's private notes" not in body
    page.context.clear_cookies()

    log_in(page, hr_lead)
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/candidates/{hugo.pk}/")
    page.get_by_role("link", name="Personal data · possible duplicate").click()
    expect(page.get_by_role("heading", name="Possible duplicate")).to_be_visible()
    expect(page.get_by_text("Data Engineer (agency)")).to_be_visible()
    assert_accessible(page)
    shots = os.environ.get("ACCORD_SCREENSHOTS")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if shots:
            page.screenshot(path=f"{shots}/duplicate-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Merge into Hugo Martin").click()
    expect(page.get_by_text("The two profiles are one now")).to_be_visible()
    expect(page.get_by_role("heading", name="Possible duplicate")).to_have_count(0)
    assert_accessible(page)
    assert Candidate.objects.count() == 1
    assert Application.objects.get(requisition=search).candidate_id == hugo.candidate_id
