"""Erasure and export complete by construction (issue 20, findings 2 and 3): the models are
walked — everything under a candidate, everything under a search — so a new model or text
field is either covered by `privacy.registry` or fails here. The marker tests that use the
registry are tests/test_trust_findings.py::test_finding_2_* and test_finding_3_*
(tests/privacy/markers.py writes a marker into every registered field)."""

import pytest

from hiring.models import Requisition
from pipeline.models import Candidate
from privacy.registry import (
    JSON_TEXT_KEYS,
    KEPT,
    MENTION_KEPT,
    MENTIONS,
    SEARCH_ONLY,
    field_count,
    label,
    mention_places,
    owned_places,
    reverse_relations,
    text_fields,
)

pytestmark = pytest.mark.django_db


def _under(root) -> set:
    """Every model reached from `root` by the relations that point at it."""
    found, queue = {root}, [root]
    while queue:
        for relation in reverse_relations(queue.pop(0)):
            child = relation.related_model
            if child not in found:
                found.add(child)
                queue.append(child)
    return found


def test_every_text_field_reachable_from_a_candidate_or_a_search_is_registered():
    owned = {label(p.model, f) for p in owned_places() for f in p.fields}
    mentioned = {label(p.model, f) for p in mention_places() for f in p.fields}
    missing = []
    for model in _under(Candidate) | _under(Requisition):
        if label(model) in SEARCH_ONLY:
            continue
        for field in text_fields(model):
            name = label(model, field)
            if name not in owned | mentioned | set(KEPT) | set(MENTION_KEPT):
                missing.append(name)
    assert missing == [], f"register these in privacy/registry.py: {missing}"
    every = {label(m, f) for m in _under(Candidate) | _under(Requisition) for f in text_fields(m)}
    stale = (set(KEPT) | set(MENTION_KEPT) | set(JSON_TEXT_KEYS)) - every
    assert stale == set(), f"registered fields that no longer exist: {stale}"
    assert set(MENTIONS) | set(SEARCH_ONLY) <= {label(m) for m in _under(Requisition)}
    print(
        f"privacy registry: {field_count()} fields in {len(owned_places())} owned and "
        f"{len(mention_places())} mention places"
    )
