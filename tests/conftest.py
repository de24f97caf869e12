import os
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from tests import database_template
from tests.clock import MONDAY_10
from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team
from tests.services import IN_CI, missing_ci_services

# Live-server browser tests drive a sync Playwright API from pytest's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TESTS = Path(__file__).parent


def pytest_configure(config):
    """In CI every service is required: a missing one fails the run, never skips tests."""
    if IN_CI and (problems := missing_ci_services()):
        raise pytest.UsageError("CI needs its services: " + "; ".join(problems))


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ or driving a page is `browser`, every test under
    tests/fault/ is `fault`, so `pytest -m "not browser and not fault"` is the fast loop.

    Under pytest-xdist (`make quick`) each worker has its own test database but all share
    one Redis: the tests that commit (and so enqueue tasks) or use Redis run on one worker,
    one after the other, so a real Celery worker started by one never takes another's task.
    """
    for item in items:
        path = Path(item.path)
        fixtures = getattr(item, "fixturenames", ())
        if TESTS / "browser" in path.parents or "page" in fixtures:
            item.add_marker(pytest.mark.browser)
        if TESTS / "fault" in path.parents:
            item.add_marker(pytest.mark.fault)
        if _commits_or_uses_redis(item, fixtures):
            item.add_marker(pytest.mark.xdist_group("commits"))
    if getattr(config.option, "loadgroup", False):
        _name_the_groups(items)
        # The group that commits runs last on its worker: a transactional test empties the
        # tables when it ends (the migrations' seeded rows too), so no test may follow it.
        # (pytest-django puts them last in one process for the same reason; `make quick`
        # asks the scheduler to hand out the groups in this order: --no-loadscope-reorder.)
        items.sort(key=lambda item: item.nodeid.endswith("@commits"))


def _name_the_groups(items):
    """What pytest-xdist's `--dist loadgroup` does on each worker, done so that it works:
    the group's name after an "@" in the test's id, which is how the scheduler knows the
    tests of one group. xdist 3.8 writes it to `item._nodeid`, which pytest 9 no longer
    reads (the id is `item._id`), so no test had a group: the fuzz test's apps ran on both
    workers (each reading every page) and the tests that commit or use Redis were not kept
    on one worker."""
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # a pytest before 9: xdist's own suffix works there
        return
    for item in items:
        names = sorted(
            {
                str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                for m in item.iter_markers("xdist_group")
            }
        )
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


def _commits_or_uses_redis(item, fixtures) -> bool:
    db = item.get_closest_marker("django_db")
    return (
        item.get_closest_marker("redis") is not None
        or (db is not None and bool(db.kwargs.get("transaction", db.args[:1] == (True,))))
        or {"transactional_db", "live_server", "django_db_serialized_rollback"} & set(fixtures)
    )


# --- the test databases -------------------------------------------------------------------
@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """`make quick`: each worker's database a copy of a migrated template
    (tests/database_template.py), kept as it is at the end (the next run copies anew)."""
    if database_template.wanted():
        with django_db_blocker.unblock():
            database_template.clone_test_database()


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """Keep (and do not migrate again) a database the template gave: see above."""
    return bool(request.config.getvalue("reuse_db")) or database_template.wanted()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the people -----------------------------------------------------------------------
@pytest.fixture
def recruiter(db):
    return UserFactory(username="riya", first_name="Riya", last_name="Patel", role="recruiter")


@pytest.fixture
def agency_recruiter(db):
    return UserFactory(
        username="marco", first_name="Marco", role="recruiter", agency_name="Talentbridge"
    )


@pytest.fixture
def hr_generalist(db):
    return UserFactory(username="hannah", first_name="Hannah", role="hr_generalist")


@pytest.fixture
def hr_lead(db):
    return UserFactory(username="lead", first_name="Lena", role="hr_generalist", view_all=True)


@pytest.fixture
def hiring_manager(db):
    return UserFactory(username="daniel", first_name="Daniel", role="hiring_manager")


@pytest.fixture
def interviewer(db):
    return UserFactory(username="aiko", first_name="Aiko", role="interviewer")


@pytest.fixture
def outsider(db):
    """A recruiter in the organisation who is not on the search."""
    return UserFactory(username="otto", first_name="Otto", role="recruiter")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="sam", first_name="Sam", role="admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def requisition(recruiter, hr_generalist, hiring_manager, interviewer):
    """An open search with its full hiring team."""
    requisition = RequisitionFactory(created_by=recruiter, state="open", opened_at=timezone.now())
    put_on_team(requisition, recruiter, TeamRole.RECRUITER)
    put_on_team(requisition, hr_generalist, TeamRole.HR_GENERALIST)
    put_on_team(requisition, hiring_manager, TeamRole.HIRING_MANAGER)
    put_on_team(requisition, interviewer, TeamRole.INTERVIEWER)
    return requisition


@pytest.fixture
def traveller():
    """Move the clock by hand: traveller.to(datetime)."""
    with time_machine.travel(MONDAY_10, tick=False) as machine:

        class Traveller:
            def to(self, moment):
                machine.move_to(moment)

        yield Traveller()


# --- the browser ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium; Playwright's own browser download cannot work here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
