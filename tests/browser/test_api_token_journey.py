"""A person makes an API token on Settings, copies it (shown once), a script uses it, and
they revoke it; the script is refused at once (phone and laptop widths, axe on each)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_makes_a_token_uses_it_and_revokes_it(
    live_server, page, log_in, assert_accessible, recruiter, requisition, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, recruiter)
    page.goto(f"{live_server.url}/accounts/security/")
    page.get_by_role("link", name="Manage API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("ATS sync")
    page.get_by_label("Read", exact=True).check()
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()
    secret = page.get_by_role("textbox", name="Token").input_value()
    assert secret.startswith("acc_")
    assert_accessible(page)
    api = f"{live_server.url}/api/v1/requisitions/"
    answer = page.request.get(api, headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert [r["title"] for r in answer.json()["items"]] == [requisition.title]
    page.goto(f"{live_server.url}/settings/api-tokens/")
    expect(page.locator("tbody")).not_to_contain_text("Never")  # last used is stamped
    page.get_by_role("button", name="Revoke ATS sync").click()
    expect(page.get_by_text("“ATS sync” is revoked")).to_be_visible()
    assert page.request.get(api, headers={"Authorization": f"Bearer {secret}"}).status == 401
    assert_accessible(page)
