"""Every URL × every role → the status it must answer.

A URL added to the app and missing here fails `test_every_url_is_in_the_matrix`. The
requisition under test is open; its team is recruiter, hr_generalist, hiring_manager and
interviewer. `outsider` (a recruiter) and `agency_recruiter` are not on it; `hr_lead` is
not on it but has view_all_requisitions.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
MEMBERS = ("recruiter", "hr_generalist", "hiring_manager", "interviewer")


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


def on_requisition(member_status, **overrides):
    """Non-members get 404 whatever the URL; anonymous visitors are sent to log in."""
    base = {"anonymous": 302, "outsider": 404, "agency_recruiter": 404}
    return {role: overrides.get(role, base.get(role, member_status)) for role in ROLES}


HX = {"HTTP_HX_REQUEST": "true"}

# name: (method, needs a requisition, data, extra headers, expected statuses)
MATRIX = {
    "hiring:home": ("get", False, None, {}, expect(200, anonymous=302)),
    "hiring:requisition-list": ("get", False, None, {}, expect(200, anonymous=302)),
    "hiring:requisition-create": (
        "get",
        False,
        None,
        {},
        expect(200, anonymous=302, interviewer=403),
    ),
    "hiring:requisition-detail": ("get", True, None, {}, on_requisition(200)),
    "hiring:requisition-edit": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    # A move without its required reason: allowed people get 422 and nothing changes.
    "hiring:requisition-move": (
        "post",
        True,
        {"to_state": "on_hold", "reason": ""},
        HX,
        on_requisition(422, interviewer=403),
    ),
    "hiring:requisition-team": (
        "get",
        True,
        None,
        {},
        on_requisition(200, recruiter=403, interviewer=403),
    ),
    "hiring:requisition-journal": ("get", True, None, {}, on_requisition(200, interviewer=403)),
    "accounts:login": ("get", False, None, {}, expect(302, anonymous=200)),
    "accounts:logout": ("post", False, {}, {}, expect(302)),
    "health:healthz": ("get", False, None, {}, expect(200)),
    # Django's admin gates itself (is_staff); its other URLs follow the index.
    "admin:index": ("get", False, None, {}, expect(302, admin_user=200)),
}


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    names = {n for n in _all_url_names() if not n.startswith("admin:")} | {"admin:index"}
    assert names - set(MATRIX) == set(), "add these URLs to the access matrix"
    assert set(MATRIX) - names == set(), "these matrix rows name no URL"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, role, client, request, requisition):
    method, needs_requisition, data, headers, expected = MATRIX[name]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=[requisition.pk] if needs_requisition else [])
    response = getattr(client, method)(url, data or {}, **headers)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
    if needs_requisition:
        requisition.refresh_from_db()
        assert requisition.state == "open"
