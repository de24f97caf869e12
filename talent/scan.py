"""Snippets, and the pool searched without PostgreSQL.

`headlines` marks the matched words in a page of results with PostgreSQL's ts_headline.
`search` and `similar` are the embedded SQLite default's path (`make run` without
DATABASE_URL): every visible document is read and scored in Python — a plain scan, fine at
a demo's few hundred people, not meant for tens of thousands (the README says so).
"""

from __future__ import annotations

import re
from collections import Counter

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .likeness import MUST_HAVE_BONUS, TIER_WEIGHTS, Match, tiers_of, weigh_terms

START, STOP = "\x01", "\x02"
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=22, MinWords=10, "
    'FragmentDelimiter=" … "'
)
_WORD = re.compile(r"[^\W_][\w+#]*", re.UNICODE)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
        "not",
        "no",
        "all",
        "any",
        "can",
        "more",
        "most",
        "other",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
    ]
)


def render_marked(text: str) -> tuple[str, list[str]]:
    """`text` with START…STOP turned into <mark>…</mark>, everything else escaped; and the
    words marked, as written, once each."""
    words, out, rest = [], [], text
    while START in rest:
        before, _, tail = rest.partition(START)
        marked, _, rest = tail.partition(STOP)
        out.append(escape(before))
        out.append(f"<mark>{escape(marked)}</mark>")
        if marked.lower() not in {w.lower() for w in words}:
            words.append(marked)
    out.append(escape(rest.replace(STOP, "")))
    return mark_safe("".join(out)), words  # noqa: S308 — every piece escaped above


def headlines(ids: list[int], words: list[str] | None = None, *, query_sql="", params=()):
    """{candidate id: (snippet html, words marked)} for a page of results, in one query:
    `words` are lexemes OR'ed, or `query_sql` a tsquery expression with its params."""
    if not ids:
        return {}
    if words is not None:
        query_sql, params = "%s::tsquery", ["|".join(f"'{w.replace(chr(39), '')}'" for w in words)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT candidate_id, ts_headline('english', body, {query_sql}, %s) "  # noqa: S608 — our SQL, values as params
            "FROM talent_pooldocument WHERE candidate_id = ANY(%s)",
            [*params, HEADLINE_OPTIONS, list(ids)],
        )
        return {pk: render_marked(text) for pk, text in cursor.fetchall()}


def tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


def _snippet(body: str, terms: set[str], width: int = 160) -> tuple[str, list[str]]:
    lowered = body.lower()
    first = min((i for t in terms if (i := _find(lowered, t)) >= 0), default=-1)
    if first < 0:
        return escape(body[:width]), []
    start = max(0, first - 40)
    window = body[start : start + width]
    marked = re.sub(
        r"[^\W_][\w+#]*",
        lambda m: f"{START}{m.group(0)}{STOP}" if m.group(0).lower() in terms else m.group(0),
        window,
    )
    html, words = render_marked(marked)
    return mark_safe(("… " if start else "") + html + " …"), words  # noqa: S308 — escaped


def _find(lowered: str, term: str) -> int:
    match = re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", lowered)
    return match.start() if match else -1


def search(documents, text: str, *, limit: int):
    """(document, score, snippet html) best first: a word in the name counts 4, in the
    headline, must-haves or skills 2, elsewhere 1 per occurrence (at most 3)."""
    terms = set(tokens(text))
    if not terms:
        return []
    scored = []
    for document in documents:
        head = set(tokens(document.name))
        middle = set(tokens(f"{document.headline} {document.skills}"))
        middle |= {w for m in document.must_haves for w in tokens(m["criterion"])}
        counts = Counter(tokens(document.body))
        if not terms <= set(counts):  # every word must be there, as on PostgreSQL
            continue
        score = sum(
            (4 if t in head else 0) + (2 if t in middle else 0) + min(counts[t], 3) for t in terms
        )
        scored.append((score, document))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].last_activity_at.timestamp(), pair[1].pk))
    return [(d, s, _snippet(d.body, terms)[0]) for s, d in scored[:limit]]


def similar(documents, references, *, limit: int):
    """find_similar's weighing (talent.similar) over a plain scan."""
    pool = list(documents)
    frequency = Counter(w for d in pool for w in set(tokens(d.body)))
    references_words = [set(tokens(r.body)) - set(tokens(r.name)) for r in references]
    shared = Counter(w for words in references_words for w in words)
    words = weigh_terms(shared, frequency, len(pool))
    tiers = tiers_of(words)
    musts = {m for r in references for m in r.strong_must_haves}
    reference_ids = {r.pk for r in references}
    matches = []
    for document in pool:
        if document.pk in reference_ids or document.hired:
            continue
        have = set(tokens(document.body))
        score = sum(
            weight * len(have & set(tier)) / max(len(tier), 1)
            for weight, tier in zip(TIER_WEIGHTS, tiers, strict=False)
        )
        common_musts = [m for m in document.strong_must_haves if m in musts]
        score += MUST_HAVE_BONUS * len(common_musts)
        if score <= 0:
            continue
        snippet, marked = _snippet(document.body, have & set(words))
        matches.append(Match(document, score, snippet, marked, common_musts))
    matches.sort(key=lambda m: (-m.score, -m.document.last_activity_at.timestamp(), m.document.pk))
    return matches[:limit]
