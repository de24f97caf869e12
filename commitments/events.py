"""Events for the floors above to follow (issue 23: webhooks and chat notifications).

Everything people are told of (`commitments.notices.EVENT_AUDIENCE`), and three moments of a
commitment's life that are not notices to anyone in particular — its deadline reached
(`commitment.overdue`, the ladder's reminder step), escalated (`commitment.escalated`, either
escalation step) and met (`commitment.met`) — are announced here as `Event`s, inside the
transaction that records them. A listener (the `webhooks` app) writes what it owes in that
same transaction: if the event rolls back, nothing was promised.

Announcing costs nothing when no listener is registered; a listener reads what it needs in
one query per call, whatever the number of events (the sweep announces a whole batch at
once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from config.hooks import Hooks

from .models import Step

# The commitment's own moments, beside the notices of EVENT_AUDIENCE.
COMMITMENT_EVENTS = {
    "commitment.overdue": "A deadline was reached and not met",
    "commitment.escalated": "A missed deadline was escalated",
    "commitment.met": "A commitment was met",
}
# The ladder's steps that announce a commitment event (the nudge before a deadline does not).
STEP_EVENTS = {
    Step.REMINDER: "commitment.overdue",
    Step.ESCALATION: "commitment.escalated",
    Step.SECOND_ESCALATION: "commitment.escalated",
}

EVENT_LISTENERS = Hooks(
    "commitments.events.EVENT_LISTENERS",
    signature="fn(events: list[Event]) -> None",
    called_in="the event's transaction: `notify_event`'s, a sweep batch's, `meet_commitments`'",
)


@dataclass(frozen=True)
class Event:
    """Something that happened on a search. `key` is the event's identity: the same event
    announced twice (a retried request, a sweep redone) carries the same key."""

    kind: str  # an EVENT_AUDIENCE key or a COMMITMENT_EVENTS key
    key: str
    occurred_at: datetime
    requisition: object = None  # hiring.Requisition, or None
    url: str = ""  # the page of ours it concerns (a path)
    actor: object = None  # who caused it, when a person did
    commitment: object = None  # the commitment, for the commitment events
    step: str = ""  # the ladder step's name, for overdue and escalated


def announce(events: Iterable[Event]) -> None:
    """Call every listener once with all of `events` (nothing when there are none)."""
    events = list(events)
    if not events:
        return
    for listener in EVENT_LISTENERS:
        listener(events)


def step_event(commitment, step, now) -> Event | None:
    """The event a ladder step announces (the nudge announces none). Keyed on the deadline
    too: a commitment given more time reaches its new deadline as a new event."""
    kind = STEP_EVENTS.get(step)
    if kind is None:
        return None
    return Event(
        kind=kind,
        key=f"{kind}:c{commitment.pk}:{int(commitment.due_at.timestamp())}:{Step(step).name.lower()}",
        occurred_at=now,
        requisition=commitment.requisition,
        url=commitment.url,
        commitment=commitment,
        step=Step(step).name.lower(),
    )


def met_event(commitment, now) -> Event:
    return Event(
        kind="commitment.met",
        key=f"commitment.met:c{commitment.pk}",
        occurred_at=now,
        requisition=commitment.requisition,
        url=commitment.url,
        commitment=commitment,
    )
