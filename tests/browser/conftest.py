import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now; fail with its report on any violation."""

    def check(page):
        results = _axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture
def log_in(live_server):
    def do(page, user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return do
