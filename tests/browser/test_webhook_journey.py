"""An admin registers a webhook (its secret shown once), sends a test event and sees it
delivered — by a real worker to a real local receiver, which can verify the signature with
the secret the page showed (phone and laptop widths, axe on each page)."""

import json
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from config.celery import app
from tests.webhooks.receiver import Receiver
from webhooks.signing import verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ACCORD_SCREENSHOTS", "")  # a folder: keep the pages as PNGs


@pytest.fixture
def receiver(settings):
    settings.ACCORD_WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    started = Receiver().start()
    yield started
    started.stop()


def shot(page, name, width):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/webhooks-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_an_admin_registers_a_webhook_sends_a_test_event_and_sees_it_delivered(
    live_server, page, log_in, assert_accessible, admin_user, receiver, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, admin_user)
    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("link", name="Manage webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("ATS sync")
    page.get_by_label("Address (URL)").fill(receiver.url)
    page.get_by_label("A search was put on hold").check()
    page.get_by_label("A deadline was reached and not met").check()
    shot(page, "list", width)
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_role("heading", name="The signing secret")).to_be_visible()
    secret = page.get_by_role("textbox", name="Signing secret").input_value()
    assert secret.startswith("whsec_")
    assert_accessible(page)
    shot(page, "created", width)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Send a test event").click()
        expect(page.get_by_text("A test event is on its way")).to_be_visible()
        log = page.locator("#delivery-log")
        # The log refreshes itself while the delivery is on its way.
        expect(log.get_by_text("Delivered", exact=True)).to_be_visible(timeout=20_000)
    expect(log).to_contain_text("HTTP 200")
    expect(page.get_by_role("heading", name="The signing secret")).to_have_count(0)
    assert_accessible(page)
    shot(page, "delivered", width)
    (request,) = receiver.requests
    assert json.loads(request.body)["type"] == "webhook.test"
    headers = request.headers
    assert verify(
        secret, headers["Accord-Signature"], headers["Accord-Timestamp"], request.body,
        now=time.time(),
    )  # fmt: skip
    page.get_by_role("link", name="Webhooks").first.click()
    row = page.get_by_role("row", name="ATS sync")
    expect(row).to_contain_text("Sending")
    assert_accessible(page)
    shot(page, "listed", width)
