"""Requisition rules that read one unsaved row: no database."""

import pytest

from hiring.models import Requisition


@pytest.mark.parametrize(
    ("state", "moves"),
    [
        ("draft", ("open", "cancelled")),
        ("open", ("on_hold", "filled", "cancelled")),
        ("on_hold", ("open", "cancelled")),
        ("cancelled", ()),
    ],
)
def test_lifecycle_moves(state, moves):
    assert Requisition(state=state).allowed_moves() == moves


def test_salary_band_reads_as_one_line():
    requisition = Requisition(salary_min=60000, salary_max=80000, salary_currency="GBP")
    assert requisition.salary_band == "GBP 60,000 – 80,000"
    assert Requisition(salary_currency="GBP").salary_band == ""
