"""Summary rows kept between requests: what `tallied` read from the summary rows of a
period's whole past weeks, kept under the versions of the departments it was read from.

The summary rows of whole weeks that are past depend on nothing but the facts (an open
commitment due in a past week is overdue whatever the time now), so a read of them can be
kept as long as none of those facts changes. The database tells: each department has a
version of its summary rows (`commitments.TallyVersion`), a new number from one sequence
written by the same triggers, in the same statement, as every change to a count — a
commitment of one of its searches, a search moving department, a change to a search's
hiring team (which decides the pairs, and who sees what). The versions are read *in the
statement that reads the facts*: the edges' query carries them (`stamp`), so the edges and
the kept rows are as current as one statement; rows are kept with the versions their own
query read, and used only while the versions are the same. A version number is never handed
out twice (a sequence is not rolled back), so rows kept with it always are those of that
state; the versions also name the database (its oid: a database made again starts its
sequence again).

The key holds everything else the rows depend on: the weeks, the grouping, the narrowing,
the scope and who looks — anyone who sees every search shares, anyone else has their own
(their searches are the ones they are on: `Requisition.objects.visible_to`). PostgreSQL
only; the period's edges and anything that changes with the time are always read afresh.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.models import Min, Model, Q, TextField
from django.db.models.expressions import RawSQL

from commitments.models import TallyVersion

from .scopes import Scope, sees_everyone

STAMP = "summary_versions"
CACHE = "figures"
VERSIONS = TallyVersion._meta.db_table
_PLAIN = (str, int, float, bool, date, datetime, type(None))


class _Unkeyable(Exception):
    """A part of the request that cannot be named in a key: nothing is kept."""


def _canon(value):
    if isinstance(value, Q):
        return ("Q", value.connector, value.negated, tuple(_canon(c) for c in value.children))
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_canon(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((_canon(v) for v in value), key=repr)))
    raise _Unkeyable(type(value).__name__)


def _viewer(viewer):
    if not viewer.is_authenticated or not viewer.is_active:
        raise _Unkeyable("viewer")
    everything = viewer.can_view_all_requisitions()
    return (sees_everyone(viewer), "every search" if everything else viewer.pk)


def _scope(scope: Scope):
    return (
        scope.kind,
        scope.department,
        *(getattr(part, "pk", None) for part in (scope.requisition, scope.person)),
        *(getattr(part, "pk", None) for part in (scope.recruiter, scope.hiring_manager)),
    )


class Kept:
    """One `tallied` read of summary rows: its key, less the versions, and the versions'
    stamp for the queries."""

    def __init__(self, viewer, scope: Scope, weeks, *, by, pair, narrow, keys, using):
        self.using = using
        expressions = tuple(sorted((name, repr(e)) for name, e in (keys or {}).items()))
        self.base = repr(
            (
                settings.TIME_ZONE,
                _viewer(viewer),
                _scope(scope),
                tuple(weeks),
                tuple(by),
                pair,
                _canon(narrow),
                expressions,
            )
        )
        self.department = scope.department

    @classmethod
    def of(cls, viewer, scope, weeks, **how) -> Kept | None:
        """None where nothing may be kept (not PostgreSQL, or a request it cannot name)."""
        if connections[how["using"]].vendor != "postgresql":
            return None
        try:
            return cls(viewer, scope, weeks, **how)
        except _Unkeyable:
            return None

    def _versions_sql(self) -> tuple[str, list]:
        where, params = "", []
        if self.department:
            where, params = "WHERE department = UPPER(%s)", [self.department]
        sql = (
            "(SELECT (SELECT oid::text FROM pg_database WHERE datname = current_database())"
            " || ':' || COALESCE((SELECT string_agg(department || '=' || version::text, ','"
            f" ORDER BY department) FROM {VERSIONS} {where}), ''))"
        )
        return sql, params

    def stamp(self) -> dict:
        """An aggregate for `.annotate()`: the database and the versions the scope's rows
        depend on (its department's, or every department's), as of the query's statement."""
        sql, params = self._versions_sql()
        return {STAMP: Min(RawSQL(sql, params, output_field=TextField()))}

    def _key(self) -> str:
        return "tallied:" + hashlib.sha256(self.base.encode()).hexdigest()

    def get(self, stamped_rows: list[dict]) -> list[dict] | None:
        """The rows kept for this read if they were read at the versions the (edges') rows
        were read with, else None. Edges with no row carry no versions: then, only if rows
        are kept, the versions are read on their own (one small query)."""
        found = caches[CACHE].get(self._key())
        if found is None:
            return None
        versions, columns, values = found
        now = stamped_rows[0].get(STAMP) if stamped_rows else None
        if now is None:
            sql, params = self._versions_sql()
            with connections[self.using].cursor() as cursor:
                cursor.execute(f"SELECT {sql}", params)
                now = cursor.fetchone()[0]
        if now != versions:
            return None
        return [dict(zip(columns, row, strict=True)) for row in values]

    def put(self, rows: list[dict]) -> None:
        """Keep rows with the versions their own query read (they carry `STAMP`): one entry
        for each read, the latest."""
        if not rows:
            return
        versions = rows[0][STAMP]
        columns = [name for name in rows[0] if name != STAMP]
        values = [tuple(row[name] for name in columns) for row in rows]
        caches[CACHE].set(self._key(), (versions, columns, values), timeout=None)


def unstamped(rows: list[dict]) -> list[dict]:
    for row in rows:
        row.pop(STAMP, None)
    return rows
