"""Someone forgets their password: the lockout page, the reset email's link, a new
password, and "log out everywhere" — accessible at each step."""

import re
import time

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from config.celery import app
from outbox.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_locked_out_person_resets_the_password_and_logs_out_everywhere(
    live_server, page, assert_accessible
):
    UserFactory(username="riya", email="riya@example.com", first_name="Riya", last_name="Patel")
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    for _ in range(5):
        page.get_by_label("Username").fill("riya")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many tries")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Reset my password").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("riya@example.com")
    app.control.purge()
    # The page hands the address to the worker, which writes the email (the same work for
    # any address, so the page's timing tells nothing).
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Email me a link").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
        deadline = time.monotonic() + 20
        while not OutboundEmail.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    link = re.search(
        r"https?://[^/\s]+(/accounts/password-reset/\S+/)", OutboundEmail.objects.get().text
    )
    page.goto(live_server.url + link.group(1))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("tangerine-harbour-42")
    page.get_by_label("New password confirmation").fill("tangerine-harbour-42")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("riya")
    page.get_by_label("Password").fill("tangerine-harbour-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Security").click()
    expect(page.get_by_role("heading", name="Sign-in and security")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Log out everywhere").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
