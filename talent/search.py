"""Searching the pool (issue 22): one box, filters, ranked results with the words found
marked.

On PostgreSQL: `websearch_to_tsquery` (quotes, OR, -word as people type them) against the
documents' weighted tsvector through the GIN index, ranked by ts_rank, then the page's
snippets with ts_headline — two queries, whatever the page holds. On the embedded SQLite
default: a plain scan scored in Python (talent.scan; the README says which is used).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from pipeline.models import Application

from . import scan
from .indexing import SEARCH_CONFIG
from .models import PoolDocument

PAGE = 25


@dataclass
class Result:
    document: PoolDocument
    score: float = 0.0
    snippet: str = ""


def retention_cutoff(now=None):
    """privacy.retention's rule: the pool leaves out people whose erasure is due."""
    months = settings.ACCORD_CANDIDATE_RETENTION_MONTHS
    if months <= 0:
        return None
    return (now or timezone.now()) - timedelta(days=round(months * 30.44))


def pool_for(user, *, outcome="", reached=None, department="", since=None, source=""):
    """The documents `user` may see, within retention, narrowed by the filters."""
    documents = PoolDocument.objects.visible_to(user).kept(cutoff=retention_cutoff())
    if outcome:
        documents = documents.filter(outcome=outcome)
    if reached is not None:
        documents = documents.filter(reached__gte=reached)
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        documents = documents.filter(last_activity_at__gte=start)
    if department or source:
        applications = Application.objects.filter(candidate=OuterRef("pk"))
        if department:
            applications = applications.filter(requisition__department__iexact=department)
        if source:
            applications = applications.filter(source=source)
        documents = documents.filter(Exists(applications))
    return documents


def search_pool(documents, text: str, *, limit: int = PAGE) -> list[Result]:
    """`documents` matching `text`, best first, with snippets; without text, the most
    recently active first (no snippets)."""
    text = text.strip()
    listed = documents.defer("body", "resume_text", "search_vector", "skills")
    if not text:
        return [Result(d) for d in listed.order_by("-last_activity_at", "pk")[:limit]]
    if connection.vendor != "postgresql":
        return [
            Result(d, s, snippet) for d, s, snippet in scan.search(documents, text, limit=limit)
        ]
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    found = list(
        listed.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-last_activity_at", "pk")[:limit]
    )
    snippets = scan.headlines(
        [d.pk for d in found],
        query_sql=f"websearch_to_tsquery('{SEARCH_CONFIG}', %s)",
        params=[text],
    )
    return [Result(d, d.rank, snippets.get(d.pk, ("", []))[0]) for d in found]
