"""An action item's button in messages (issue 18): its owner marks it done, with a note,
from the reminder itself. Registered in `commitments.actions.EMAIL_ACTIONS` from
CheckinsConfig.ready(); it goes through `checkins.records.complete_action_item`, as the
action item's page does."""

from __future__ import annotations

from django import forms

from accounts.forms_base import SafeForm
from commitments.actions import Action
from commitments.service_terms import CommitmentKind

from .models import ActionItem
from .records import complete_action_item


class DoneForm(SafeForm):
    note = forms.CharField(
        max_length=500,
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The team reads this with the action item.",
    )


def _item(commitment) -> ActionItem | None:
    return ActionItem.objects.filter(
        pk=commitment.subject_id, requisition_id=commitment.requisition_id
    ).first()


def _problem(commitment, person) -> str | None:
    item = _item(commitment)
    if item is None:
        return "This action item is no longer there."
    if item.owner_id != person.pk:
        return "Only the person it names marks an action item done."
    if item.is_done:
        return "This action item is already done."
    return None


def _done(*, commitment, person, data):
    complete_action_item(item=_item(commitment), done_by=person, note=data["note"])
    return "Marked done; the team sees your note."


def action_item_actions() -> list[Action]:
    return [
        Action(
            name="mark_done",
            label="Mark done",
            effect="The action item is marked done with your note, and its reminders stop.",
            audience="owner",
            kinds=frozenset({CommitmentKind.ACTION_ITEM}),
            problem=_problem,
            perform=_done,
            form=lambda data, **_: DoneForm(data),
            primary=True,
            about=lambda commitment: _item(commitment).text if _item(commitment) else "",
        )
    ]
