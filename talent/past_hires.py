"""At intake: the people hired before for roles like this one (issue 22; the kick-off's
"review past successful candidates for similar roles")."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone

from pipeline.models import Application, Stage

from .models import PoolDocument

YEARS = 2
LIMIT = 10
_TITLE_NOISE = frozenset(
    [
        "senior",
        "junior",
        "lead",
        "head",
        "principal",
        "staff",
        "of",
        "the",
        "and",
        "for",
        "in",
        "to",
        "a",
        "an",
        "ii",
        "iii",
    ]
)
# "Priya Shah", "Jonas van Dijk": what a role profile's free text names people by.
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[a-z]{2,3}\s+)?[A-Z][\w'’-]+)+")


def title_words(title: str) -> list[str]:
    return [w for w in re.findall(r"\w+", title.lower()) if len(w) > 2 and w not in _TITLE_NOISE]


def past_hires_for(requisition, *, user, now=None, limit: int = LIMIT):
    """Hires of the last two years in other searches of the same department or with a
    title sharing a word that means the role (not "senior"): newest first, one query.
    Only people in `user`'s pool; the erased are not (their pool document went with them)."""
    since = (now or timezone.now()) - timedelta(days=365 * YEARS)
    similar = Q(requisition__department__iexact=requisition.department)
    for word in title_words(requisition.title):
        similar |= Q(requisition__title__icontains=word)
    return list(
        Application.objects.filter(stage=Stage.HIRED, stage_changed_at__gte=since)
        .exclude(requisition=requisition)
        .filter(similar)
        .filter(Exists(PoolDocument.objects.visible_to(user).filter(pk=OuterRef("candidate_id"))))
        .select_related("candidate", "requisition")
        .only(
            "candidate__name",
            "candidate__current_title",
            "requisition__title",
            "requisition__department",
            "stage_changed_at",
            "candidate_id",
        )
        .order_by("-stage_changed_at", "pk")[:limit]
    )


def named_people(text: str, documents) -> dict[str, PoolDocument]:
    """The people a role profile's "past successful hires" names who are in the pool the
    reader sees: {name as written: document}, in one query."""
    names = {m.group(0).strip(): m.group(0).strip().lower() for m in _NAME.finditer(text or "")}
    if not names:
        return {}
    found = {
        d.lowered: d
        for d in documents.annotate(lowered=Lower("name"))
        .filter(lowered__in=set(names.values()))
        .only("name")
    }
    return {written: found[lowered] for written, lowered in names.items() if lowered in found}
