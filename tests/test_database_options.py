"""PostgreSQL runs Accord's queries without JIT compilation: at a large employer's size a
year's figures cost enough for PostgreSQL to compile them, and compiling took longer than
running them (the funnel: 1.8 s of 2.3 s)."""

from pathlib import Path

import pytest
from django.db import connection

from config.environment import databases


def test_a_postgresql_url_turns_jit_off():
    default = databases("postgres://accord@db.example:5432/accord", Path("/tmp"))["default"]
    assert default["OPTIONS"]["options"] == "-c jit=off"


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
