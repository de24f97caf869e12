"""The commitments' own buttons in messages (issue 18): for an escalation's recipient
"remind them again" and "waive with a reason"; for whoever answers a decline or a request
for more time, accept or refuse. Registered in `commitments.actions.EMAIL_ACTIONS` from
CommitmentsConfig.ready(); each one goes through the domain functions of the pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.forms_base import SafeForm
from hiring.journal import record_activity
from hiring.models import Activity

from .actions import Action
from .answers import answer_decline, answer_extension, can_answer_decline, can_answer_extension
from .forms import WaiveForm
from .ledger import waive_commitment
from .models import Commitment, CommitmentAnswer
from .notices import notify_event


class GiveBackForm(SafeForm):
    note = forms.CharField(
        max_length=250, label="Why it is theirs after all", help_text="They see this."
    )


class RefuseTimeForm(SafeForm):
    note = forms.CharField(max_length=250, required=False, label="Note", help_text="They see this.")

    required_when = {}


def _escalation_problem(commitment: Commitment, person) -> str | None:
    if commitment.is_paused:
        return "It is paused while the search is on hold."
    if not commitment.can_be_waived_by(person):
        return "Only HR or the other side can do this."
    return None


@transaction.atomic
def remind_again(*, commitment: Commitment, by) -> None:
    """Tell the owner again, now, in the app and by email: at most once a day per person
    who asks (the notice's key names the day), journaled."""
    day = timezone.localdate()
    told = notify_event(
        event="commitment.reminded_again",
        requisition=commitment.requisition,
        actor=by,
        people=[commitment.owner],
        text=f"{by.display_name} reminds you: “{commitment.title}” is waiting on you.",
        url=f"/commitments/{commitment.pk}/",
        key=f"reminded-again:{commitment.pk}:{by.pk}:{day:%Y%m%d}",
    )
    if not told:
        raise ValidationError("You reminded them today already.")
    record_activity(
        requisition=commitment.requisition,
        actor=by,
        kind=Activity.Kind.REMINDED_AGAIN,
        summary=f"{by.display_name} reminded {commitment.owner.display_name} again of "
        f"“{commitment.title}”",
        details={"commitment": commitment.pk},
    )


def _remind(*, commitment, person, data):
    remind_again(commitment=commitment, by=person)
    return f"{commitment.owner.display_name} is reminded again."


def _waive(*, commitment, person, data):
    waive_commitment(commitment=commitment, waived_by=person, reason=data["reason"])
    return f"“{commitment.title}” is waived."


def _pending(commitment, kind):
    found = CommitmentAnswer.objects.pending().filter(commitment=commitment, kind=kind).first()
    if found is not None:
        found.commitment = commitment
    return found


def _decline_problem(commitment, person):
    pending = _pending(commitment, CommitmentAnswer.Kind.DECLINE)
    if pending is None:
        return "Nobody's “not mine” waits for an answer here any more."
    if not can_answer_decline(pending, person):
        return "Only whoever received it, or HR, answers this."
    return None


def _time_problem(commitment, person):
    pending = _pending(commitment, CommitmentAnswer.Kind.EXTEND)
    if pending is None or pending.old_due_at <= timezone.now():
        return "No request for more time waits here any more (the deadline may have passed)."
    if not can_answer_extension(pending, person):
        return "Only the other side or HR answers this (after two extensions, HR only)."
    return None


def commitment_actions() -> list[Action]:
    return [
        Action(
            name="remind_again",
            label="Remind them again",
            effect="{owner} gets a fresh reminder now, in the app and by email.",
            audience="escalation",
            problem=_escalation_problem,
            perform=_remind,
            primary=True,
        ),
        Action(
            name="waive",
            label="Waive with a reason",
            effect="{owner} is released from it: no more reminders, and it does not count "
            "as missed. They and the journal see your reason.",
            audience="escalation",
            problem=_escalation_problem,
            perform=_waive,
            form=lambda data, **_: WaiveForm(data),
        ),
        Action(
            name="accept_decline",
            label="Accept the reason",
            effect="It closes as declined and does not count against {decliner}.",
            audience="answerer",
            problem=_decline_problem,
            perform=lambda *, commitment, person, data: (
                answer_decline(commitment=commitment, by=person, accept=True)
                and "Accepted: it is closed as declined."
            ),
            primary=True,
        ),
        Action(
            name="give_back",
            label="Give it back",
            effect="It goes back to {decliner} with the same deadline and your note.",
            audience="answerer",
            problem=_decline_problem,
            perform=lambda *, commitment, person, data: (
                answer_decline(commitment=commitment, by=person, accept=False, note=data["note"])
                and "Given back."
            ),
            form=lambda data, **_: GiveBackForm(data),
        ),
        Action(
            name="accept_time",
            label="Accept the new deadline",
            effect="The deadline moves to the one asked for and the reminders follow it.",
            audience="answerer",
            problem=_time_problem,
            perform=lambda *, commitment, person, data: (
                answer_extension(commitment=commitment, by=person, accept=True)
                and "Accepted: the new deadline stands."
            ),
            primary=True,
        ),
        Action(
            name="refuse_time",
            label="Keep the deadline",
            effect="The current deadline stands; {owner} is told.",
            audience="answerer",
            problem=_time_problem,
            perform=lambda *, commitment, person, data: (
                answer_extension(
                    commitment=commitment, by=person, accept=False, note=data.get("note", "")
                )
                and "The deadline stands."
            ),
            form=lambda data, **_: RefuseTimeForm(data),
        ),
    ]


ANSWER_ACTIONS = {
    CommitmentAnswer.Kind.DECLINE: ("accept_decline", "give_back"),
    CommitmentAnswer.Kind.EXTEND: ("accept_time", "refuse_time"),
}
