"""The outside services a test may need (PostgreSQL, Redis, Chromium) and what to do when one
is missing: skip on a laptop, fail in CI (`CI=true`, see `.ci/run`). Import from here, never
from a conftest."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def redis_reachable() -> bool:
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


def missing_ci_services() -> list[str]:
    """What CI lacks of the services every test may use; empty when all are there."""
    problems = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL")
    if not redis_reachable():
        problems.append(f"Redis is not answering at REDIS_URL={os.environ.get('REDIS_URL')!r}")
    if not shutil.which("chromium"):
        problems.append("Debian's chromium is not installed")
    return problems


def require_redis():
    """Skip a Redis test on a laptop without Redis; in CI pytest_configure already failed."""
    if not redis_reachable():
        pytest.skip("REDIS_URL is not set or Redis is not answering")


def require_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("This test needs PostgreSQL (DATABASE_URL)")
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
