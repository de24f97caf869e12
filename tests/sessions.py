"""Signing people in once per test instead of once per request.

`client.force_login` costs a dozen queries (a new session, its key cycled, django-axes' log,
last_login); the access matrix and the fuzz test's page reading made it hundreds of times
per test. `sign_in_once` signs each person in once, outside any savepoint, and keeps the
session key; `use_session` puts one back on the client. A request run in a savepoint rolled
back after it (as the access matrix runs each) then sees the session exactly as signing in
left it, as if it had just signed in."""

from django.conf import settings


def sign_in_once(client, people: dict) -> dict[str, str]:
    """role → the session key of that person, signed in once."""
    keys = {}
    for role, person in people.items():
        client.cookies.clear()
        client.force_login(person)
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies.clear()
    return keys


def use_session(client, key: str | None) -> None:
    """The client as the holder of session `key` (None: signed out), and no other cookie."""
    client.cookies.clear()
    if key is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = key
