"""Finding the rows of a person's searches that name them (`mention_hits`), for the erasure.

The rows are those of `registry.mentioning_rows`, every mention place in one UNION. On
PostgreSQL its text is compiled once per process with stand-ins where the person's values
go — the searches as one array, their name, email, phone and links as one array of
patterns per kind of field (`UPPER(col::text) LIKE ANY(…)`), the ids a journal entry may
name as one array per key — so an erasure only binds its arrays: building and compiling the
fourteen querysets took about 15 ms of CPU per erasure (a retention run erases thousands).
Elsewhere (SQLite), and for a person with nothing to look for, the querysets are built as
before.
"""

from __future__ import annotations

import json
from functools import cache

from django.db import connections, models, router
from django.db.models import Q, Value
from django.db.models.expressions import Func
from django.db.models.functions import Cast

from .registry import LINK_KEYS, Person, _json_forms, _nullable, mention_places, mentioning_rows


class _Stand:
    """Where one of the person's arrays goes in the compiled query."""

    def __init__(self, name: str):
        self.name = name


SEARCHES, TEXTS, JSON_TEXTS = _Stand("searches"), _Stand("texts"), _Stand("json texts")
LINKED = {key: _Stand(key) for key in ("candidate", *LINK_KEYS)}


class _LikeAny(Func):
    """`UPPER(field::text) LIKE ANY(UPPER(each pattern))`: icontains of any of the values."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, field: str, patterns: _Stand):
        super().__init__(Cast(field, models.TextField()))
        self.patterns = patterns

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"UPPER({sql}) LIKE ANY(ARRAY(SELECT UPPER(p) FROM unnest(%s::text[]) AS p))",
            [*params, self.patterns],
        )


class _NamesAny(Func):
    """`details -> key = ANY(ids)`: a journal entry that names one of these rows by id."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, key: str):
        super().__init__(models.F("details"))
        self.key = key

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} -> %s) = ANY(%s::text[]::jsonb[])", [*params, self.key, LINKED[self.key]]


class _InSearches(Func):
    """`path = ANY(the person's searches)`: each table's search index, whatever their number."""

    output_field = models.BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} = ANY(%s::bigint[])", [*params, SEARCHES]


def _compiled_rows(place):
    searches = Q(
        _InSearches(models.F(f"{place.path}_id" if "__" not in place.path else place.path))
    )
    if _nullable(place.model, place.path):
        searches |= Q(**{f"{place.path}__isnull": True})
    rows = place.model.objects.filter(searches)
    if any(isinstance(f, models.BinaryField) for f in place.fields):
        return rows  # a file's bytes: read in Python (privacy.erasure)
    rule = Q()
    for field in place.fields:
        patterns = JSON_TEXTS if isinstance(field, models.JSONField) else TEXTS
        rule |= Q(_LikeAny(field.name, patterns))
    if place.label == "hiring.Activity":
        for key in LINKED:
            rule |= Q(_NamesAny(key))
    return rows.filter(rule)


@cache
def _union() -> tuple[str, tuple]:
    parts = []
    for place in mention_places():
        marker = Value(place.label, output_field=models.CharField())
        rows = _compiled_rows(place).order_by().annotate(_place=marker)
        parts.append(rows.values_list("_place", "pk"))
    return parts[0].union(*parts[1:], all=True).order_by().query.sql_with_params()


def _bound(param, person: Person, connection):
    if not isinstance(param, _Stand):
        return param
    if param.name == SEARCHES.name:
        return list(person.requisitions)
    if param.name in (TEXTS.name, JSON_TEXTS.name):
        values = [value for value, _ in person.values]
        if param.name == JSON_TEXTS.name:
            values = sorted({form for value in values for form in _json_forms(value)})
        return [f"%{connection.ops.prep_for_like_query(v)}%" for v in values]
    return [json.dumps(i) for i in sorted(person.ids.get(param.name, ()))]


def mention_hits(person: Person) -> dict:
    """`mentioning_rows` of every mention place in one query (a UNION): label → ids."""
    alias = router.db_for_read(mention_places()[0].model)
    connection = connections[alias]
    found = {}
    if connection.vendor == "postgresql" and person.values:
        sql, params = _union()
        with connection.cursor() as cursor:
            cursor.execute(sql, [_bound(p, person, connection) for p in params])
            for place, pk in cursor.fetchall():
                found.setdefault(place, set()).add(pk)
        return found
    parts = []
    for place in mention_places():
        marker = Value(place.label, output_field=models.CharField())
        rows = mentioning_rows(place, person).order_by().annotate(_place=marker)
        parts.append(rows.values_list("_place", "pk"))
    for place, pk in parts[0].union(*parts[1:], all=True).order_by():
        found.setdefault(place, set()).add(pk)
    return found
