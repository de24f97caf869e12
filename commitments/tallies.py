"""The commitments' summary rows (`CommitmentTally`), kept current by the database.

Every path that changes a commitment — `ledger.meet_commitments`, `withdraw`, `waive`, the
hold's pause and resume, a hand-over (`handover`, `following`, `absences`), a decline or an
extension (`answers`), the interviews' and check-ins' own closings, bulk `QuerySet.update`
and `bulk_update` — writes the `commitments_commitment` table, and a row trigger on that
table takes the old row's counts out of its tally row and adds the new row's, in the same
statement and so the same transaction. No caller has to remember it, and a nightly job
never shows yesterday. An UPDATE that touches none of the columns a count reads (the
sweep's `last_step` and `next_step_at`, a title) does not fire it (its WHEN clause).

- PostgreSQL: a PL/pgSQL trigger function with the organisation's zone written in (it puts
  a row in the week of its Monday in `settings.TIME_ZONE`); `rebuild_tallies` installs it
  again, so after changing ACCORD_TIME_ZONE run `manage.py rebuild_tallies`.
Each change is added to two summaries: the search's (`CommitmentTally`, per search and
person) and its department's (`DepartmentTally`, for HR's organisation-wide figures); when a
requisition's department changes, a trigger on the requisition moves its counts.

- SQLite (`make run`'s zero-setup database): the same triggers on the commitments in
  SQLite's dialect; the week comes from `accord_tally_week`, a function every Django
  connection registers (`register_sqlite_functions`, on `connection_created`), which reads
  the zone each time. SQLite rebuilds a table to alter it and refuses to rename one while a
  trigger names a table that is missing for that moment, so there the triggers are dropped
  before `migrate` and installed again, with the tallies recomputed, after it
  (`drop_before_migrate`, `rebuild_after_migrate`: a demo's few hundred commitments). The
  department summaries are PostgreSQL's only: on SQLite the figures sum the searches' rows.

`rebuild_tallies()` recomputes every row from the commitments (`manage.py rebuild_tallies`:
the migration that made the table fills it the same way); `recomputed_tallies()` is that
recomputation as rows, which the consistency test compares with the kept ones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection as default_connection
from django.db import connections, transaction

from hiring.models import HiringTeamMember, Requisition

from .models import (
    COUNT_NAMES,
    TALLY_COUNTS,
    TALLY_STEP_HOURS,
    Commitment,
    CommitmentTally,
    DepartmentTally,
    TallyVersion,
)

TABLE = CommitmentTally._meta.db_table
DEPARTMENTS = DepartmentTally._meta.db_table
SOURCE = Commitment._meta.db_table
REQUISITIONS = Requisition._meta.db_table
KEY = ("week", "requisition_id", "kind", "party", "answerable_id")
DEPARTMENT_KEY = ("week", "department", "kind", "party")
# The columns a count or the key reads: an UPDATE that changes none of them leaves the
# tallies alone.
READ = (
    "state",
    "due_at",
    "met_at",
    "waived_at",
    "paused_at",
    "met_in",
    "extensions",
    "owner_id",
    "late_owner_id",
    "party",
    "kind",
    "requisition_id",
)
TRIGGERS = ("commitment_tally_insert", "commitment_tally_update", "commitment_tally_delete")
DEPARTMENT_TRIGGER = "commitment_tally_department"
# PostgreSQL: each department's version of its summary rows (`TallyVersion`), taken from
# one sequence, and the trigger that gives a new one when a search's hiring team changes.
VERSIONS = TallyVersion._meta.db_table
VERSION_SEQUENCE = "commitments_tallyversion_seq"
TEAMS = HiringTeamMember._meta.db_table
TEAM_TRIGGER = "commitment_tally_team"


def _bump(requisition_id: str) -> str:
    """PL/pgSQL: a new version for the department of that search (every department's
    when the search is not there any more)."""
    return (
        "PERFORM commitment_tally_bump("
        f"(SELECT department FROM {REQUISITIONS} WHERE id = {requisition_id}))"
    )


def _version_sql() -> list[str]:
    """PostgreSQL: the sequence, `commitment_tally_bump(department)` and the hiring
    teams' trigger (see `TallyVersion`)."""
    bump = f"""
CREATE OR REPLACE FUNCTION commitment_tally_bump(dept text) RETURNS void AS $$
BEGIN
    IF dept IS NULL THEN
        UPDATE {VERSIONS} SET version = nextval('{VERSION_SEQUENCE}');
    ELSE
        INSERT INTO {VERSIONS} (department, version)
        VALUES (UPPER(dept), nextval('{VERSION_SEQUENCE}'))
        ON CONFLICT (department) DO UPDATE SET version = excluded.version;
    END IF;
END
$$ LANGUAGE plpgsql"""
    team = f"""
CREATE OR REPLACE FUNCTION commitment_tally_team() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {_bump("OLD.requisition_id")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {_bump("NEW.requisition_id")};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""
    return [
        f"CREATE SEQUENCE IF NOT EXISTS {VERSION_SEQUENCE}",
        bump,
        team,
        f"DROP TRIGGER IF EXISTS {TEAM_TRIGGER} ON {TEAMS}",
        f"CREATE TRIGGER {TEAM_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {TEAMS} "
        "FOR EACH ROW EXECUTE FUNCTION commitment_tally_team()",
    ]


def bump_every_version(cursor) -> None:
    """PostgreSQL: a new version for every department (after the summary rows were
    recomputed), the ones no trigger has numbered yet included."""
    cursor.execute(
        f"INSERT INTO {VERSIONS} (department, version) "
        f"SELECT department, nextval('{VERSION_SEQUENCE}') FROM "
        f"(SELECT DISTINCT UPPER(department) AS department FROM {REQUISITIONS}) AS found "
        "ON CONFLICT (department) DO UPDATE SET version = excluded.version"
    )
    cursor.execute(f"UPDATE {VERSIONS} SET version = nextval('{VERSION_SEQUENCE}')")


def _conditions(r: str, vendor: str) -> list[tuple[str, str]]:
    """(count, SQL condition on row `r`) for every count column."""
    found = [(name, condition.format(r=r)) for name, condition in TALLY_COUNTS]
    for i, hours in enumerate(TALLY_STEP_HOURS):
        seconds = hours * 3600
        limit = f"interval '{seconds} seconds'" if vendor == "postgresql" else str(seconds * 10**6)
        found.append((f"within_{i}", f"{r}.state = 'met' AND {r}.met_in <= {limit}"))
    return found


def _settled(r: str, vendor: str) -> str:
    """When the row's outcome was settled (insights.figures.settled_at), in SQL."""
    least = "LEAST" if vendor == "postgresql" else "min"
    return f"{least}({r}.due_at, COALESCE({r}.met_at, {r}.waived_at, {r}.due_at))"


def _week(r: str, vendor: str) -> str:
    if vendor == "postgresql":
        zone = settings.TIME_ZONE.replace("'", "")
        return f"date_trunc('week', {_settled(r, vendor)} AT TIME ZONE '{zone}')::date"
    return f"accord_tally_week({_settled(r, vendor)})"


def _upsert(r: str, sign: str, vendor: str, *, where: str) -> str:
    """Add `sign` × row `r`'s counts to its tally row and its department's (made when
    missing): two statements, separated by a semicolon."""
    conditions = _conditions(r, vendor)
    counts = [f"{sign} * (CASE WHEN {condition} THEN 1 ELSE 0 END)" for _, condition in conditions]
    # A search is deleted after its commitments (Django's collector), so it is there; the
    # COALESCE only keeps a commitment of a search deleted first by hand from failing.
    department = (
        f"COALESCE((SELECT department FROM {REQUISITIONS} WHERE id = {r}.requisition_id), '')"
    )
    keys = {
        TABLE: (
            KEY,
            [
                _week(r, vendor),
                f"{r}.requisition_id",
                f"{r}.kind",
                f"{r}.party",
                f"COALESCE({r}.late_owner_id, {r}.owner_id)",
            ],
        ),
        DEPARTMENTS: (DEPARTMENT_KEY, [_week(r, vendor), department, f"{r}.kind", f"{r}.party"]),
    }
    if vendor != "postgresql":
        del keys[DEPARTMENTS]  # SQLite: the figures sum the searches' rows (see above)
    return "; ".join(
        _add(table, key, f"{', '.join(values + counts)} WHERE {where}")
        for table, (key, values) in keys.items()
    )


def _add(table: str, key: tuple[str, ...], select: str) -> str:
    """INSERT INTO table SELECT <select> ON CONFLICT (key) DO UPDATE: add the counts."""
    columns = ", ".join(key + COUNT_NAMES)
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in COUNT_NAMES)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {select} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


def _add_inserted() -> str:
    """PostgreSQL's statement trigger on INSERT: the new rows' counts summed per tally row
    and per department row, two upserts whatever the number of rows (a row trigger ran two
    upserts per row: 1,400 commitments opened by one task took 450 ms in their INSERT).
    Keys in order, so two inserts at once lock the summary rows in the same order."""
    conditions = _conditions("n", "postgresql")
    sums = ", ".join(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)" for _, condition in conditions)
    week = _week("n", "postgresql")
    searches = _add(
        TABLE,
        KEY,
        f"{week}, n.requisition_id, n.kind, n.party, COALESCE(n.late_owner_id, n.owner_id), "
        f"{sums} FROM inserted_rows n WHERE n.state <> 'withdrawn' "
        "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
    )
    departments = _add(
        DEPARTMENTS,
        DEPARTMENT_KEY,
        f"{week}, COALESCE(r.department, ''), n.kind, n.party, {sums} FROM inserted_rows n "
        f"LEFT JOIN {REQUISITIONS} r ON r.id = n.requisition_id WHERE n.state <> 'withdrawn' "
        "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )
    return f"{searches};\n    {departments}"


def _move_department(vendor: str) -> list[str]:
    """A search's tallies out of its old department and into its new one."""
    statements = []
    for sign, department in (("-", "OLD.department"), ("", "NEW.department")):
        sums = ", ".join(f"{sign}SUM({name})" for name in COUNT_NAMES)
        statements.append(
            _add(
                DEPARTMENTS,
                DEPARTMENT_KEY,
                f"week, {department}, kind, party, {sums} FROM {TABLE} "
                "WHERE requisition_id = NEW.id GROUP BY week, kind, party",
            )
        )
    return statements


def _changed(vendor: str) -> str:
    if vendor == "postgresql":
        old = ", ".join(f"OLD.{c}" for c in READ)
        new = ", ".join(f"NEW.{c}" for c in READ)
        return f"({old}) IS DISTINCT FROM ({new})"
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in READ)


def trigger_sql(vendor: str) -> list[str]:
    """The statements that (re)install the triggers on this database."""
    drop = [f"DROP TRIGGER IF EXISTS {name} ON {SOURCE}" for name in TRIGGERS]
    if vendor == "postgresql":
        function = f"""
CREATE OR REPLACE FUNCTION commitment_tally_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {_upsert("OLD", "-1", vendor, where="OLD.state <> 'withdrawn'")};
        {_bump("OLD.requisition_id")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {_upsert("NEW", "1", vendor, where="NEW.state <> 'withdrawn'")};
        {_bump("NEW.requisition_id")};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""
        moving = ";\n    ".join(_move_department(vendor))
        department = f"""
CREATE OR REPLACE FUNCTION commitment_tally_department() RETURNS trigger AS $$
BEGIN
    {moving};
    PERFORM commitment_tally_bump(OLD.department);
    PERFORM commitment_tally_bump(NEW.department);
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""
        inserted = f"""
CREATE OR REPLACE FUNCTION commitment_tally_inserted() RETURNS trigger AS $$
BEGIN
    {_add_inserted()};
    PERFORM commitment_tally_bump(department) FROM (
        SELECT DISTINCT r.department FROM inserted_rows n
        LEFT JOIN {REQUISITIONS} r ON r.id = n.requisition_id ORDER BY 1
    ) AS touched;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""
        run = "FOR EACH ROW EXECUTE FUNCTION commitment_tally_follow()"
        return [
            *drop,
            f"DROP TRIGGER IF EXISTS {DEPARTMENT_TRIGGER} ON {REQUISITIONS}",
            *_version_sql(),
            function,
            department,
            inserted,
            f"CREATE TRIGGER {DEPARTMENT_TRIGGER} AFTER UPDATE OF department ON {REQUISITIONS} "
            "FOR EACH ROW WHEN (OLD.department IS DISTINCT FROM NEW.department) "
            "EXECUTE FUNCTION commitment_tally_department()",
            f"CREATE TRIGGER commitment_tally_insert AFTER INSERT ON {SOURCE} "
            "REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION commitment_tally_inserted()",
            f"CREATE TRIGGER commitment_tally_update AFTER UPDATE ON {SOURCE} FOR EACH ROW "
            f"WHEN ({_changed(vendor)}) EXECUTE FUNCTION commitment_tally_follow()",
            f"CREATE TRIGGER commitment_tally_delete AFTER DELETE ON {SOURCE} {run}",
        ]
    drop = [f"DROP TRIGGER IF EXISTS {name}" for name in (*TRIGGERS, DEPARTMENT_TRIGGER)]
    take_out = _upsert("OLD", "-1", vendor, where="OLD.state <> 'withdrawn'")
    put_in = _upsert("NEW", "1", vendor, where="NEW.state <> 'withdrawn'")
    return [
        *drop,
        f"CREATE TRIGGER commitment_tally_insert AFTER INSERT ON {SOURCE} FOR EACH ROW "
        f"BEGIN {put_in}; END",
        f"CREATE TRIGGER commitment_tally_update AFTER UPDATE ON {SOURCE} FOR EACH ROW "
        f"WHEN {_changed(vendor)} BEGIN {take_out}; {put_in}; END",
        f"CREATE TRIGGER commitment_tally_delete AFTER DELETE ON {SOURCE} FOR EACH ROW "
        f"BEGIN {take_out}; END",
    ]


def install_triggers(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for statement in trigger_sql(connection.vendor):
            cursor.execute(statement)


def _recompute_sql(vendor: str) -> str:
    conditions = _conditions("c", vendor)
    sums = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _, cond in conditions)
    return (
        f"SELECT {_week('c', vendor)} AS week, c.requisition_id, c.kind, c.party, "
        f"COALESCE(c.late_owner_id, c.owner_id) AS answerable_id, {sums} "
        f"FROM {SOURCE} c WHERE c.state <> 'withdrawn' GROUP BY 1, 2, 3, 4, 5"
    )


def recomputed_tallies(connection=None) -> dict[tuple, tuple]:
    """{key: counts} recomputed from the commitments (rows with every count zero left
    out), in the order of KEY and COUNT_NAMES."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(_recompute_sql(connection.vendor))
        rows = cursor.fetchall()
    return {_key(row[:5]): tuple(row[5:]) for row in rows if any(row[5:])}


def recomputed_department_tallies(connection=None) -> dict[tuple, tuple]:
    """{(week, department, kind, party): counts} recomputed from the commitments."""
    found: dict[tuple, list] = {}
    departments = dict(Requisition.objects.values_list("pk", "department"))
    for (week, requisition, kind, party, _who), counts in recomputed_tallies(connection).items():
        key = (week, departments[requisition], kind, party)
        found[key] = [a + b for a, b in zip(found.get(key, [0] * len(counts)), counts, strict=True)]
    return {key: tuple(counts) for key, counts in found.items() if any(counts)}


def kept_department_tallies() -> dict[tuple, tuple]:
    rows = DepartmentTally.objects.values_list(*DEPARTMENT_KEY, *COUNT_NAMES)
    return {_key(row[:4]): tuple(row[4:]) for row in rows if any(row[4:])}


def kept_tallies() -> dict[tuple, tuple]:
    """{key: counts} as the triggers kept them (rows with every count zero left out)."""
    rows = CommitmentTally.objects.values_list(*KEY, *COUNT_NAMES)
    return {_key(row[:5]): tuple(row[5:]) for row in rows if any(row[5:])}


def _key(values) -> tuple:
    week = values[0]
    if isinstance(week, str):
        week = datetime.fromisoformat(week).date()
    elif isinstance(week, datetime):
        week = week.date()
    return (week, *values[1:])


def rebuild_tallies(connection=None) -> int:
    """Install the triggers and recompute every tally row (per search, then per department)
    from the commitments, in one transaction (the commitments locked against writes
    meanwhile). Returns the rows written."""
    connection = connection or default_connection
    columns = ", ".join(KEY + COUNT_NAMES)
    with transaction.atomic(using=connection.alias):
        install_triggers(connection)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {SOURCE} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"INSERT INTO {TABLE} ({columns}) {_recompute_sql(connection.vendor)}")
            written = cursor.rowcount
            sums = ", ".join(f"SUM(t.{name})" for name in COUNT_NAMES)
            cursor.execute(f"DELETE FROM {DEPARTMENTS}")
            if connection.vendor != "postgresql":
                return written
            cursor.execute(
                f"INSERT INTO {DEPARTMENTS} ({', '.join(DEPARTMENT_KEY + COUNT_NAMES)}) "
                f"SELECT t.week, r.department, t.kind, t.party, {sums} FROM {TABLE} t "
                f"JOIN {REQUISITIONS} r ON r.id = t.requisition_id "
                "GROUP BY t.week, r.department, t.kind, t.party"
            )
            written += cursor.rowcount
            if VERSIONS in connection.introspection.table_names(cursor):
                bump_every_version(cursor)
            if connection.vendor == "postgresql":
                # Fresh statistics, or the planner keeps the emptied table's row count and
                # sorts a year's groups instead of hashing them.
                cursor.execute(f"ANALYZE {TABLE}, {DEPARTMENTS}")
            return written


def tally_week(settled: str | None) -> str | None:
    """SQLite's `accord_tally_week`: the Monday, in the organisation's zone, of a moment
    stored as Django stores it on SQLite (UTC, no offset)."""
    if settled is None:
        return None
    moment = datetime.fromisoformat(settled)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    day = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def drop_before_migrate(sender, using, **kwargs) -> None:
    """`pre_migrate` receiver (SQLite only, see above)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in (*TRIGGERS, DEPARTMENT_TRIGGER):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild_after_migrate(sender, using, **kwargs) -> None:
    """`post_migrate` receiver (SQLite only, see above)."""
    connection = connections[using]
    if connection.vendor == "sqlite" and TABLE in connection.introspection.table_names():
        rebuild_tallies(connection)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite's triggers call `accord_tally_week`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "accord_tally_week", 1, tally_week, deterministic=True
        )
