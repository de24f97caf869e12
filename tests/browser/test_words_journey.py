"""Words and reach, looked at in a browser (issue 25, finding 11) on the demo organisation:
the check-ins tab on a phone does not scroll sideways, the top bar leads to the calendar,
the operations page and the admin, an empty board is a region a keyboard reaches."""

import pytest
from playwright.sync_api import expect

from hiring.models import Requisition
from insights.management.commands.seed_demo import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("accord-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def test_the_demo_read_on_a_phone_and_found_from_the_top_bar(
    live_server, browser, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    backend = Requisition.objects.get(title="Senior Backend Engineer")
    filled = Requisition.objects.get(title="Customer Success Lead")
    base = live_server.url

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    _log_in(phone, base, "recruiter")
    phone.goto(f"{base}/requisitions/{backend.pk}/checkins/")
    expect(phone.get_by_role("heading", name="Relationship pulse")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
    # A search with no candidates: the board is still a region the keyboard reaches.
    phone.goto(f"{base}/requisitions/{filled.pk}/candidates/")
    expect(phone.get_by_role("region", name="Candidates by stage")).to_be_visible()
    assert_accessible(phone)
    phone.goto(f"{base}/requisitions/{filled.pk}/checkins/")
    expect(phone.get_by_text("The search is filled: its check-ins have ended.")).to_be_visible()

    laptop = browser.new_page(viewport={"width": 1366, "height": 900})
    _log_in(laptop, base, "admin")
    nav = laptop.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Calendar").click()
    expect(laptop.get_by_role("heading", level=1)).to_contain_text("calendar")
    nav.get_by_role("link", name="Operations").click()
    expect(laptop.get_by_role("heading", level=1)).to_be_visible()
    assert laptop.url.endswith("/operations/emails/")
    assert_accessible(laptop)
    expect(nav.get_by_role("link", name="Admin")).to_have_attribute("href", "/admin/")
