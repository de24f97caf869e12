"""An admin finds an email the mail server refused for good, and one that gave up, on
"Emails that need attention", and dismisses them with a reason; nothing alarms any more."""

import pytest
from playwright.sync_api import expect

from outbox.mail import queue_email
from outbox.models import OutboundEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_dismisses_undeliverable_emails_with_a_reason(
    live_server, page, log_in, assert_accessible, admin_user
):
    bounced = queue_email(key="b-1", to="nobody@example.com", subject="Your interview", text="T")
    failed = queue_email(key="f-1", to="left@example.com", subject="Sign the agreement", text="T")
    OutboundEmail.objects.filter(pk=bounced.pk).update(
        state="bounced", last_error="SMTPRecipientsRefused 550 5.1.1 no such user"
    )
    OutboundEmail.objects.filter(pk=failed.pk).update(state="failed", last_error="timed out")
    log_in(page, admin_user)
    page.goto(f"{live_server.url}/operations/emails/")
    expect(page.get_by_role("heading", name="Emails that need attention")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("Refused")
    assert_accessible(page)
    page.get_by_label("Dismiss “Your interview”").check()
    page.get_by_label("Dismiss “Sign the agreement”").check()
    page.get_by_label("Reason").fill("address no longer exists")
    page.get_by_role("button", name="Dismiss ticked emails").click()
    expect(page.get_by_text("2 emails dismissed.")).to_be_visible()
    expect(page.get_by_text("Every email is on its way.")).to_be_visible()
    expect(page.get_by_role("heading", name="Dismissed lately")).to_be_visible()
    assert_accessible(page)
