"""The move permission table (hiring.permissions), row by row: who may make which move."""

import pytest

from hiring.permissions import capacities, moves_for
from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

pytestmark = pytest.mark.django_db

R, A, HR, HM, AD = "recruiter", "agency_recruiter", "hr", "hiring_manager", "admin"

# (state, held by, capacity) → the moves that person is offered.
ROWS = [
    ("draft", "", R, ["open", "cancelled"]),
    ("draft", "", A, []),
    ("draft", "", HR, ["open", "cancelled"]),
    ("draft", "", HM, ["open", "cancelled"]),
    ("draft", "", AD, ["open", "cancelled"]),
    ("open", "", R, ["on_hold", "filled", "cancelled"]),
    ("open", "", A, []),
    ("open", "", HR, ["on_hold", "filled", "cancelled"]),
    ("open", "", HM, ["on_hold", "filled", "cancelled"]),
    ("on_hold", "recruiter", R, ["open", "cancelled"]),
    ("on_hold", "recruiter", A, []),
    ("on_hold", "recruiter", HM, ["open", "cancelled"]),
    ("on_hold", "hiring_manager", R, ["cancelled"]),
    ("on_hold", "hiring_manager", HM, ["open", "cancelled"]),
    ("on_hold", "hiring_manager", HR, ["open", "cancelled"]),
    ("on_hold", "hr", R, ["cancelled"]),
    ("on_hold", "hr", A, []),
    ("on_hold", "hr", HM, ["open", "cancelled"]),
    ("on_hold", "hr", AD, ["open", "cancelled"]),
    ("filled", "", HR, []),
    ("cancelled", "", AD, []),
]


def person_as(capacity, requisition):
    if capacity == AD:
        return UserFactory(role="admin", is_superuser=True)
    if capacity == A:
        user = UserFactory(role="recruiter", agency_name="Talentbridge")
        put_on_team(requisition, user, TeamRole.RECRUITER)
        return user
    role = {R: "recruiter", HR: "hr_generalist", HM: "hiring_manager"}[capacity]
    user = UserFactory(role=role)
    put_on_team(requisition, user, role)
    return user


@pytest.mark.parametrize(("state", "held_by", "capacity", "moves"), ROWS)
def test_the_move_table(state, held_by, capacity, moves):
    requisition = RequisitionFactory(state=state, held_by_party=held_by)
    person = person_as(capacity, requisition)
    assert capacity in capacities(requisition, person)
    assert moves_for(requisition, person) == moves


def test_an_agency_recruiter_cannot_create_a_requisition():
    assert not UserFactory(role="recruiter", agency_name="Talentbridge").can_create_requisitions()
    assert UserFactory(role="recruiter").can_create_requisitions()
