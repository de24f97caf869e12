"""Commitments and notices follow their search's state and team.

Commitments follow their search's state (issue 7, DESIGN "A commitment follows its
search"): on hold pauses every clock, reopening resumes it with the business time that was
left, filled or cancelled withdraws what is open. Called by `hiring.lifecycle.
move_requisition` inside its transaction (registered in CommitmentsConfig.ready), so the
state and the commitments change together; none of it sends a reminder.
"""

from django.urls import reverse
from django.utils import timezone

from hiring.models import Requisition, TeamRole

from .handover import hand_over_commitments
from .ledger import pause_commitments, resume_commitments, withdraw_requisition_commitments
from .notices import notify_event

State = Requisition.State


def _count(n: int, what: str) -> str:
    return f"{n} open commitment{'s' if n != 1 else ''} {what}"


def follow_state(*, requisition, from_state, to_state, moved_by, now) -> str | None:
    if to_state == State.ON_HOLD:
        if n := pause_commitments(requisition=requisition, now=now):
            return _count(n, "paused")
    elif from_state == State.ON_HOLD and to_state == State.OPEN:
        if n := resume_commitments(requisition=requisition, now=now):
            return _count(n, "resumed")
    elif to_state in (State.FILLED, State.CANCELLED):
        reason = f"The search was {State(to_state).label.lower()}."
        if n := withdraw_requisition_commitments(requisition=requisition, reason=reason, now=now):
            return _count(n, "withdrawn")
    return None


def _state_event(from_state, to_state) -> str | None:
    if to_state == State.ON_HOLD:
        return "requisition.on_hold"
    if from_state == State.ON_HOLD and to_state == State.OPEN:
        return "requisition.reopened"
    if to_state in (State.FILLED, State.CANCELLED):
        return f"requisition.{to_state}"
    return None


def tell_the_team(*, requisition, from_state, to_state, moved_by, now) -> None:
    """'This search was put on hold / reopened / filled / cancelled', to the team."""
    event = _state_event(from_state, to_state)
    if event is None:
        return None
    closing = to_state in (State.FILLED, State.CANCELLED)
    notify_event(
        event=event,
        requisition=requisition,
        actor=moved_by,
        text=f"{requisition.title} is now {State(to_state).label.lower()} "
        f"({moved_by.display_name})",
        url=reverse("hiring:requisition-detail", kwargs={"pk": requisition.pk}),
        # A search closes once: a decline (intake.declines) told the same people first
        # under this key, so they are not told twice.
        key=f"requisition:{requisition.pk}:closed"
        if closing
        else f"requisition:{requisition.pk}:{to_state}:{now:%Y%m%d%H%M%S%f}",
    )
    return None


def hand_over_at_once(*, requisition, added, removed, changed_by) -> None:
    """What a leaver owed moves to the new holder of the part in the same transaction."""
    if removed:
        hand_over_commitments(requisition=requisition)


def tell_who_joined_or_left(*, requisition, added, removed, changed_by) -> None:
    """'You were added to / removed from this search', to the person concerned."""
    url = reverse("hiring:requisition-detail", kwargs={"pk": requisition.pk})
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    for role, person in added:
        notify_event(
            event="team.added",
            requisition=requisition,
            actor=changed_by,
            people=[person],
            text=f"You were added to {requisition.title} as "
            f"{TeamRole(role).label.lower()} by {changed_by.display_name}",
            url=url,
            key=f"team:{requisition.pk}:added:{role}:u{person.pk}:{stamp}",
        )
    for role, person in removed:
        notify_event(
            event="team.removed",
            requisition=requisition,
            actor=changed_by,
            people=[person],
            text=f"You are no longer the {TeamRole(role).label.lower()} on "
            f"{requisition.title} ({changed_by.display_name} changed the team)",
            url="/",
            key=f"team:{requisition.pk}:removed:{role}:u{person.pk}:{stamp}",
        )
