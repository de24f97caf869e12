"""Digests of whole tables, to show a request changed nothing: equal before and after.

On PostgreSQL one query digests every table (md5 of each row as JSON, sorted); on SQLite
(`make test` without DATABASE_URL) the rows are read and hashed here. Columns in `leave_out`
(e.g. a user's `last_login`, which signing in sets) are left out of the digest."""

from django.db import connection


def table_checksums(tables, *, leave_out=()) -> dict[str, str]:
    """One digest per table of `tables`."""
    tables = list(tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            dropped = "".join(f" - '{column}'" for column in leave_out)
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT '{t}', md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM "
                    f"(SELECT md5((to_jsonb(x){dropped})::text) AS h "
                    f"FROM {connection.ops.quote_name(t)} x) s"
                    for t in tables
                )
            )
            return dict(cursor.fetchall())
        found = {}
        for t in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(t)}")
            columns = [c[0] for c in cursor.description]
            rows = sorted(
                repr([v for c, v in zip(columns, row, strict=True) if c not in leave_out])
                for row in cursor.fetchall()
            )
            found[t] = str(hash(tuple(rows)))
        return found
