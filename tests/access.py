"""What both access matrices share (the pages' `tests/test_access_matrix.py` and the API's
`tests/api/test_access_matrix.py`): the roles, how a row's expected statuses are written, and
the loop that asks every role in a savepoint rolled back after it."""

from collections.abc import Callable

from django.db import transaction

ROLES = [
    "anonymous",
    "outsider",
    "agency_recruiter",
    "recruiter",
    "hr_generalist",
    "hr_lead",
    "hiring_manager",
    "interviewer",
    "admin_user",
]


def expect(default, **overrides) -> dict[str, int]:
    return {role: overrides.get(role, default) for role in ROLES}


def off_the_search(anonymous: int) -> Callable[..., dict[str, int]]:
    """`on_requisition(member_status, **overrides)` for a matrix whose visitor without a
    sign-in answers `anonymous` (302 to log in on the pages, 401 on the API): someone off
    the search (`outsider`, `agency_recruiter`) 404 whatever the URL."""

    def on_requisition(member_status, **overrides) -> dict[str, int]:
        base = {"anonymous": anonymous, "outsider": 404, "agency_recruiter": 404}
        return {role: overrides.get(role, base.get(role, member_status)) for role in ROLES}

    return on_requisition


def wrong_answers(name: str, method: str, url: str, expected: dict, ask: Callable) -> list[str]:
    """Each role's request (`ask(role)` → its status) in a savepoint rolled back after it,
    so each sees the objects as built; the lines of those that answered otherwise."""
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            status = ask(role)
            if status != expected[role]:
                wrong.append(
                    f"{name}: {role} {method.upper()} {url} answered {status}, not {expected[role]}"
                )
            transaction.set_rollback(True)
    return wrong
