"""config.bulk_insert.insert_rows: one INSERT for many rows, keys set in the order given."""

import pytest

from config.bulk_insert import insert_rows
from hiring.models import Activity, Requisition
from tests.factories import RequisitionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_rows_are_written_with_their_keys_in_the_order_given(django_assert_num_queries):
    requisition = RequisitionFactory()
    actor = UserFactory()
    entries = [
        Activity(
            requisition=requisition,
            actor=actor if n % 2 else None,
            kind="edited",
            summary=f"Edit {n}",
            details={"n": n, "quote": 'a "b", {c}'},
        )
        for n in range(300)
    ]
    with django_assert_num_queries(1):
        insert_rows(entries)
    assert [e.pk for e in entries] == sorted(e.pk for e in entries)
    stored = {a.pk: a for a in Activity.objects.filter(requisition=requisition)}
    for n, entry in enumerate(entries):
        row = stored[entry.pk]
        assert (row.summary, row.details, row.actor_id) == (
            f"Edit {n}",
            {"n": n, "quote": 'a "b", {c}'},
            actor.pk if n % 2 else None,
        )


def test_auto_now_fields_are_filled_and_the_instances_count_as_saved():
    creator = UserFactory()
    rows = insert_rows(
        [
            Requisition(
                title=f"Search {n}",
                department="Ops",
                location="Leeds",
                country="GB",
                time_zone="Europe/London",
                salary_currency="GBP",
                created_by=creator,
            )
            for n in range(3)
        ]
    )
    assert all(r.updated_at is not None and not r._state.adding for r in rows)
    assert Requisition.objects.filter(pk__in=[r.pk for r in rows]).count() == 3
    assert insert_rows([]) == []
