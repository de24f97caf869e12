import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

# Live-server browser tests drive a sync Playwright API from pytest's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _redis_reachable() -> bool:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pytest_configure(config):
    """In CI every service is required: a missing one fails the run, never skips tests."""
    if not IN_CI:
        return
    problems = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not _redis_reachable():
        problems.append(f"Redis is not answering at REDIS_URL={os.environ.get('REDIS_URL')!r}")
    if not shutil.which("chromium"):
        problems.append("Debian's chromium is not installed")
    if problems:
        raise pytest.UsageError("CI needs its services: " + "; ".join(problems))


def require_redis():
    """Skip a Redis test on a laptop without Redis; in CI pytest_configure already failed."""
    if not _redis_reachable():
        pytest.skip("REDIS_URL is not set or Redis is not answering")


def require_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("This test needs PostgreSQL (DATABASE_URL)")
        pytest.skip("DATABASE_URL does not point at PostgreSQL")


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
