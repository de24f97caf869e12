"""PostgreSQL runs Accord's queries without JIT compilation: at a large employer's size a
year's figures cost enough for PostgreSQL to compile them, and compiling took longer than
running them (the funnel: 1.8 s of 2.3 s). And with 32 MB of work memory per sort or hash,
so a year's figures group in memory instead of sorting on disk."""

from pathlib import Path

import pytest
from django.db import connection

from config.environment import databases


def test_a_postgresql_url_turns_jit_off_and_gives_work_memory():
    default = databases("postgres://accord@db.example:5432/accord", Path("/tmp"))["default"]
    assert default["OPTIONS"]["options"] == "-c jit=off -c work_mem=32MB"


def test_sqlite_gets_no_postgresql_options():
    default = databases("", Path("/tmp"))["default"]
    assert "options" not in default["OPTIONS"]


@pytest.mark.django_db
def test_the_connection_runs_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "32MB"
