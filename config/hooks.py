"""Hook lists: how a lower floor lets the floors above it follow what it does.

An app never imports one above it (README, "Floors"). When something on a lower floor must
be followed by work that belongs higher up — a search put on hold pauses its commitments
(commitments) and its check-in schedule (checkins) — the lower module keeps a `Hooks` list
and calls what is in it, and the app above registers its function from its
`AppConfig.ready()`:

    # hiring/lifecycle.py
    STATE_FOLLOWERS = Hooks(
        "hiring.lifecycle.STATE_FOLLOWERS",
        signature="fn(*, requisition, from_state, to_state, moved_by, now) -> str | None",
        called_in="move_requisition's transaction, the requisition row locked",
    )
    for follower in STATE_FOLLOWERS: ...

    # checkins/apps.py, CheckinsConfig.ready()
    STATE_FOLLOWERS.register(schedule.follow_requisition_state)

Hooks are called in the order they were registered, which is the order of INSTALLED_APPS.
The type sits in `config`, the ground floor, so any app can keep a list (accounts, the
lowest app, has one). The README's "Hook lists" table gives every list, who registers what
from which `ready()` and inside which transaction it is called; tests/test_hooks.py checks
that table against the registrations, so a hook added anywhere else fails the suite.
"""

import sys
from collections.abc import Callable, Iterator


class Hooks:
    """An ordered list of functions a lower floor calls; `register` adds one once."""

    def __init__(self, name: str, *, signature: str, called_in: str):
        self.name = name
        self.signature = signature
        self.called_in = called_in
        self._hooks: list[Callable] = []
        # fn -> the module whose code registered it (an `apps` module: from a ready()).
        self.registered_from: dict[Callable, str] = {}

    def register(self, fn: Callable) -> Callable:
        """Add `fn` at the end (a second registration of the same function does nothing)
        and return it."""
        if fn not in self._hooks:
            self._hooks.append(fn)
            self.registered_from[fn] = sys._getframe(1).f_globals.get("__name__", "")
        return fn

    def __iter__(self) -> Iterator[Callable]:
        return iter(tuple(self._hooks))

    def __len__(self) -> int:
        return len(self._hooks)

    def __repr__(self) -> str:
        return f"<Hooks {self.name}: {len(self._hooks)} registered>"
