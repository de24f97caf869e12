"""How alike two people are in the pool: the weighing shared by PostgreSQL's ranking
(talent.similar) and the plain scan (talent.scan)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .models import PoolDocument

TERMS = 24
TIER_WEIGHTS = (3.0, 2.0, 1.0)
MUST_HAVE_BONUS = 0.05
# A word in more than this share of the pool is no sign of likeness.
COMMON_SHARE = 0.5


@dataclass
class Match:
    document: PoolDocument
    score: float
    snippet: str = ""
    shared_words: list[str] = field(default_factory=list)
    shared_must_haves: list[str] = field(default_factory=list)


def weigh_terms(shared: dict[str, int], frequency: dict[str, int], total: int) -> list[str]:
    """The references' most telling words, best first: (references sharing it) × idf."""
    scored = []
    for word, references in shared.items():
        documents = frequency.get(word, 1)
        if len(word) < 2 or word.isdigit():
            continue
        if documents > COMMON_SHARE * total:
            continue
        idf = math.log((total + 1) / (documents + 0.5))
        if idf <= 0:
            continue
        scored.append((references * idf, word))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [word for _, word in scored[:TERMS]]


def tiers_of(words: list[str]) -> list[list[str]]:
    size = math.ceil(len(words) / len(TIER_WEIGHTS)) or 1
    return [words[i : i + size] for i in range(0, len(words), size)][: len(TIER_WEIGHTS)]
