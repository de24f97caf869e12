"""Find similar (issue 22; seed 004: "search your database using the characteristics of 10
previously successful candidates").

From up to ten reference people, the pool ranked by likeness to them:

- the references' words (their documents' lexemes, names left out) are weighed by how many
  of the references share them times how rare they are in the whole pool (an inverse
  document frequency from `TermStat`): a word every résumé has says nothing, a skill three
  references share says much;
- the best TERMS words make three tiers of an OR query; a person's likeness is
  3 × rank(tier 1) + 2 × rank(tier 2) + rank(tier 3), plus a bonus per must-have the
  references were rated strong on and they were too;
- each result says why: the words it shares (as written in its text) and the must-haves.

People already hired and the references themselves are left out; people in a search now
are kept and shown as such. On PostgreSQL this is three queries on the GIN index; on the
embedded SQLite the same weighing is done in Python over the pool (`talent.scan`).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from . import scan
from .likeness import MUST_HAVE_BONUS, TIER_WEIGHTS, Match, tiers_of, weigh_terms
from .models import PoolDocument, TermStat

MAX_REFERENCES = 10
# How many people the full weighing ranks (those sharing the most telling words).
SHORTLIST = 400


def refresh_term_stats() -> int:
    """Count, for every word, the documents holding it (PostgreSQL's ts_stat over the
    pool's vectors); the row with the empty word holds the number of documents. One
    transaction: readers see the old counts or the new, never none."""
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM talent_termstat")
        cursor.execute(
            "INSERT INTO talent_termstat (word, documents) SELECT word, ndoc FROM ts_stat("
            "'SELECT search_vector FROM talent_pooldocument WHERE search_vector IS NOT NULL')"
            " WHERE length(word) <= 200"
        )
        words = cursor.rowcount
        cursor.execute(
            "INSERT INTO talent_termstat (word, documents) SELECT '', count(*) "
            "FROM talent_pooldocument WHERE search_vector IS NOT NULL"
        )
        return words


def _tsquery(words: list[str]) -> str:
    return " | ".join("'" + w.replace("'", "''").replace("\\", "") + "'" for w in words)


def reference_words(reference_ids: list[int]) -> tuple[dict[str, int], dict[str, int], int]:
    """(word → references holding it, word → documents holding it, documents in all)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ref AS (
                SELECT t.lexeme, count(*) AS refs
                FROM talent_pooldocument d, unnest(d.search_vector) t
                WHERE d.candidate_id = ANY(%s) AND NOT ('A' = ALL(t.weights))
                GROUP BY t.lexeme
            )
            SELECT ref.lexeme, ref.refs, COALESCE(s.documents, 1),
                   (SELECT documents FROM talent_termstat WHERE word = '')
            FROM ref LEFT JOIN talent_termstat s ON s.word = ref.lexeme
            """,
            [list(reference_ids)],
        )
        rows = cursor.fetchall()
    total = rows[0][3] if rows and rows[0][3] is not None else None
    if total is None and rows:
        refresh_term_stats()  # never counted yet (a new deployment): count once, now
        return reference_words(reference_ids) if TermStat.objects.exists() else ({}, {}, 0)
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}, total or 0


def find_similar(*, documents, references: list[PoolDocument], limit: int = 25) -> list[Match]:
    """`documents` (the reader's pool, filtered) ranked by likeness to `references`."""
    if not references:
        return []
    if connection.vendor != "postgresql":
        return scan.similar(documents, references, limit=limit)
    ids = [r.pk for r in references]
    shared, frequency, total = reference_words(ids)
    words = weigh_terms(shared, frequency, total)
    musts = sorted({m for r in references for m in r.strong_must_haves})
    if not words and not musts:
        return []
    tiers = tiers_of(words)
    vector = '"talent_pooldocument"."search_vector"'
    parts, params = [], []
    for weight, tier in zip(TIER_WEIGHTS, tiers, strict=False):
        parts.append(f"{weight} * ts_rank({vector}, %s::tsquery)")
        params.append(_tsquery(tier))
    parts.append(
        f"{MUST_HAVE_BONUS} * (SELECT count(*) FROM jsonb_array_elements_text("
        '"talent_pooldocument"."strong_must_haves") m WHERE m = ANY(%s))'
    )
    params.append(musts)
    # Two steps: the few hundred people who share most of the most telling
    # words (one ts_rank each, through the GIN index), then the whole weighing on them only.
    telling = [w for tier in tiers[:2] for w in tier]
    matching = [f"{vector} @@ %s::tsquery"] if telling else []
    match_params = [_tsquery(telling)] if telling else []
    if musts:
        matching.append('"talent_pooldocument"."strong_must_haves" ?| %s')
        match_params.append(musts)
    shortlist = (
        documents.exclude(pk__in=ids)
        .filter(hired=False)
        .filter(RawSQL(" OR ".join(matching), match_params, output_field=BooleanField()))
        .order_by(
            RawSQL(f"ts_rank({vector}, %s::tsquery)", [_tsquery(telling or ["-"])]).desc(),
            "pk",
        )
        .values_list("pk", flat=True)[:SHORTLIST]
    )
    # Read apart: as a subquery of the next one PostgreSQL ran it once per row (minutes).
    shortlisted = list(shortlist)
    found = list(
        PoolDocument.objects.filter(pk__in=shortlisted)
        .annotate(likeness=RawSQL(" + ".join(parts), params, output_field=FloatField()))
        .defer("body", "resume_text", "search_vector", "skills")
        .order_by("-likeness", "-last_activity_at", "pk")[:limit]
    )
    snippets = scan.headlines([d.pk for d in found], words) if words else {}
    matches = []
    for document in found:
        snippet, marked = snippets.get(document.pk, ("", []))
        matches.append(
            Match(
                document=document,
                score=document.likeness,
                snippet=snippet,
                shared_words=marked,
                shared_must_haves=[m for m in document.strong_must_haves if m in musts],
            )
        )
    return matches
