"""`make quick`'s test databases, cloned from a migrated template instead of migrated anew.

Migrating a test database costs about 6 s of CPU per pytest-xdist worker, every run. With
ACCORD_TEST_DB_TEMPLATE=1 (`make quick`, PostgreSQL only) each worker's database is instead
copied from a template (`CREATE DATABASE … TEMPLATE`, a file copy: a fraction of a second)
that is migrated once and kept while the migrations stay as they are: its name carries a
digest of every migration file and of what the migrations run (`commitments.tallies`, which
installs the summary triggers), so a new or changed migration builds a new template and the
old ones are dropped. The template is never used by a test itself, so nothing a test does
(a transactional test empties the tables) reaches the next run: each run starts from a
fresh copy. `make test` and CI migrate their one database as before.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Besides the migrations, the code they run (RunPython that imports project modules).
RUN_BY_MIGRATIONS = ("commitments/tallies.py",)
LOCK = 7_734_201  # pg_advisory_lock key: one worker builds the template, the others wait


def wanted() -> bool:
    return os.environ.get("ACCORD_TEST_DB_TEMPLATE", "") == "1"


def fingerprint() -> str:
    import django  # noqa: PLC0415 — read only when a template is wanted

    digest = hashlib.sha256(django.get_version().encode())
    files = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / p for p in RUN_BY_MIGRATIONS]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def clone_test_database() -> bool:
    """Make this worker's test database a fresh copy of the migrated template (building the
    template first if the migrations changed). False when not on PostgreSQL: the test
    databases are then created as usual."""
    from django.conf import settings  # noqa: PLC0415 — after pytest-django set Django up
    from django.db import connections  # noqa: PLC0415 — idem

    connection = connections["default"]
    if connection.vendor != "postgresql":
        return False
    name = connection.settings_dict["NAME"]
    test_name = connection.settings_dict["TEST"].get("NAME") or f"test_{name}"
    base = f"test_{name}"
    template = f"{base}_tpl_{fingerprint()}"
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            if cursor.fetchone() is None:
                _build(connection, settings, template)
                _drop_older_templates(cursor, base, template, quote)
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    return True


def _build(connection, settings, template: str) -> None:
    """Migrate a new database named `template`, as Django migrates a test database."""
    from django.core.management import call_command  # noqa: PLC0415 — after set-up

    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:  # a build an earlier run left half done
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(template + '_new')} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quote(template + '_new')}")
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = template + "_new"
    try:
        call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = original
    with connection._nodb_cursor() as cursor:  # only a finished template gets its name
        cursor.execute(f"ALTER DATABASE {quote(template + '_new')} RENAME TO {quote(template)}")


def _drop_older_templates(cursor, base: str, keep: str, quote) -> None:
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        [base.replace("_", r"\_") + r"\_tpl\_%", keep],
    )
    for (old,) in cursor.fetchall():
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)} WITH (FORCE)")
