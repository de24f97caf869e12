"""Creating, editing and moving requisitions through their states."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from config.hooks import Hooks

from .journal import record_activity
from .models import Activity, Requisition
from .permissions import held_by_party, may_move, moves_for
from .team import assign_hiring_team

# What follows a search's state: commitments pause, resume or are withdrawn, check-in
# schedules suspend or end. Those apps sit above `hiring` in the import order, so they
# register here (in their AppConfig.ready) and `move_requisition` calls them inside its
# transaction: the state and everything that follows it change together or not at all.
# Each follower returns a short phrase for the one journal entry of the move, or None.
STATE_FOLLOWERS = Hooks(
    "hiring.lifecycle.STATE_FOLLOWERS",
    signature="fn(*, requisition, from_state, to_state, moved_by, now) -> str | None",
    called_in="`move_requisition`'s transaction, the requisition row locked",
)

# What may refuse a move of the search's state for reasons a higher floor knows (pipeline:
# no "filled" with nobody hired unless HR confirms it was filled outside Accord). Each gate
# returns a sentence that refuses the move, or None.
STATE_GATES = Hooks(
    "hiring.lifecycle.STATE_GATES",
    signature="fn(*, requisition, to_state, moved_by, outside_note) -> str | None",
    called_in="`move_requisition`'s transaction, the requisition row locked, before the move",
)


# Fields whose values stay out of the journal: agency recruiters read it too.
_SALARY_FIELDS = {"salary_min", "salary_max", "salary_currency", "salary_shared_with_agency"}


@transaction.atomic
def create_requisition(*, data: dict, team: dict, created_by) -> Requisition:
    """Create a draft requisition and its first hiring team, journaled as one event."""
    if not created_by.can_create_requisitions():
        raise PermissionDenied("You cannot open requisitions.")
    requisition = Requisition.objects.create(created_by=created_by, **data)
    record_activity(
        requisition=requisition,
        actor=created_by,
        kind=Activity.Kind.CREATED,
        summary=f"Created the requisition “{requisition.title}” as a draft",
    )
    assign_hiring_team(requisition=requisition, changed_by=created_by, **team)
    return requisition


def _shown(requisition, field: str) -> str:
    value = getattr(requisition, field)
    display = getattr(requisition, f"get_{field}_display", None)
    if display:
        return str(display())
    return "—" if value in (None, "") else str(value)


@transaction.atomic
def update_requisition(*, requisition: Requisition, data: dict, changed_by) -> list[str]:
    """Save edited fields; journal what changed (salary figures are never written out)."""
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if not requisition.can_edit(changed_by):
        raise PermissionDenied("You cannot edit this requisition.")
    changes, changed_fields = [], []
    for field, value in data.items():
        if getattr(locked, field) == value:
            continue
        label = Requisition._meta.get_field(field).verbose_name
        before = _shown(locked, field)
        setattr(locked, field, value)
        changed_fields.append(field)
        if field in _SALARY_FIELDS:
            changes.append("the salary band")
        elif field == "reason_detail":
            changes.append("the reason details")
        else:
            changes.append(f"{label} from {before} to {_shown(locked, field)}")
    if not changed_fields:
        return []
    locked.save(update_fields=[*changed_fields, "updated_at"])
    unique = list(dict.fromkeys(changes))
    record_activity(
        requisition=locked,
        actor=changed_by,
        kind=Activity.Kind.EDITED,
        summary="Changed " + "; ".join(unique),
        details={"fields": changed_fields},
    )
    for field in changed_fields:
        setattr(requisition, field, getattr(locked, field))
    return changed_fields


@transaction.atomic
def move_requisition(
    *, requisition: Requisition, to_state: str, moved_by, reason: str = "", outside_note: str = ""
):
    """Move along draft → open → on hold → open → filled / cancelled, once, journaled.

    The row is locked first, so two people pressing "Put on hold" at once make one move and
    one clear refusal, not two journal entries. `outside_note`: HR's confirmation that the
    search was filled outside Accord (journaled), which `STATE_GATES` may require.
    """
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if not moves_for(locked, moved_by):
        raise PermissionDenied("You cannot change this requisition's state.")
    if locked.can_move_to(to_state) and not may_move(locked, moved_by, to_state):
        raise PermissionDenied(
            "Only the hiring manager or HR, who put this search on hold, can reopen it."
            if locked.state == Requisition.State.ON_HOLD
            else "You cannot make that move on this requisition."
        )
    if not locked.can_move_to(to_state):
        raise ValidationError(
            f"A requisition that is {locked.get_state_display().lower()} cannot move to "
            f"{Requisition.State(to_state).label.lower()}."
            if to_state in Requisition.State.values
            else "Unknown state."
        )
    reason = reason.strip()
    if to_state in Requisition.MOVES_NEEDING_REASON and not reason:
        raise ValidationError("Say why, so the rest of the hiring team knows.")
    outside_note = outside_note.strip()[:250]
    for gate in STATE_GATES:
        problem = gate(
            requisition=locked, to_state=to_state, moved_by=moved_by, outside_note=outside_note
        )
        if problem:
            raise ValidationError(problem)
    if outside_note and to_state == Requisition.State.FILLED:
        reason = f"filled outside Accord — {outside_note}"
    before, from_state = locked.get_state_display(), locked.state
    now = timezone.now()
    locked.held_by_party = (
        held_by_party(locked, moved_by) if to_state == Requisition.State.ON_HOLD else ""
    )
    locked.state = to_state
    if to_state == Requisition.State.OPEN and locked.opened_at is None:
        locked.opened_at = now
    if locked.is_closed:
        locked.closed_at = now
    locked.save(update_fields=["state", "held_by_party", "opened_at", "closed_at", "updated_at"])
    followed = [
        phrase
        for follower in STATE_FOLLOWERS
        if (
            phrase := follower(
                requisition=locked,
                from_state=from_state,
                to_state=to_state,
                moved_by=moved_by,
                now=now,
            )
        )
    ]
    summary = f"Moved the requisition from {before} to {locked.get_state_display()}"
    if reason:
        summary = f"{summary}: {reason}"
    if followed:
        summary = f"{summary} ({'; '.join(followed)})"
    record_activity(
        requisition=locked,
        actor=moved_by,
        kind=Activity.Kind.STATE_CHANGED,
        summary=summary,
        details={"from": from_state, "to": to_state, "reason": reason, "followed": followed},
    )
    requisition.state, requisition.opened_at = locked.state, locked.opened_at
    requisition.closed_at, requisition.held_by_party = locked.closed_at, locked.held_by_party
    return requisition
