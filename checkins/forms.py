from django import forms

from accounts.forms_base import FoldField, SafeForm, SafeModelForm, clean_local_datetime

from .models import StatusUpdate


class StatusUpdateForm(SafeModelForm):
    progress = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What moved since the last update.",
    )
    pipeline = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Candidates per stage, who is next.",
    )
    blockers = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = StatusUpdate
        fields = ["progress", "pipeline", "blockers", "next_steps"]


# --- check-ins (issue 11) ------------------------------------------------------------------
class MoveCheckInForm(SafeForm):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    fold = FoldField()
    reason = forms.CharField(max_length=250, help_text="The others see this with the update.")

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean(self):
        data = super().clean()
        data["starts_at"] = clean_local_datetime(self, zone=self.zone)
        return data


class CancelCheckInForm(SafeForm):
    reason = forms.CharField(max_length=250, help_text="The others see this with the cancellation.")


class RecordCheckInForm(SafeForm):
    required_when = {"missed_reason": "if it was missed"}

    outcome = forms.ChoiceField(
        choices=[("held", "Held"), ("missed", "Missed")],
        widget=forms.RadioSelect,
        initial="held",
        label="Did the check-in take place?",
    )
    progress = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What moved since the last check-in.",
    )
    blockers = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What stands in the way, and who can remove it.",
    )
    missed_reason = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why was it missed?",
        help_text="Needed only when the check-in did not take place.",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "missed" and not (data.get("missed_reason") or "").strip():
            self.add_error("missed_reason", "Say why the check-in did not take place.")
        return data


class ActionItemForm(SafeForm):
    """One row of the record's action items: a row left empty is skipped, a row begun needs
    all three."""

    required_when = {
        "text": "with a who or a date",
        "owner": "for each action item",
        "due_on": "for each action item",
    }
    text = forms.CharField(max_length=300, required=False, label="Action item")
    owner = forms.TypedChoiceField(coerce=int, required=False, label="Who")
    due_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="By"
    )

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *team]

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        if text and not data.get("owner"):
            self.add_error("owner", "Name who does it.")
        if text and not data.get("due_on"):
            self.add_error("due_on", "Agree a date.")
        if not text and (data.get("owner") or data.get("due_on")):
            self.add_error("text", "Say what is to be done.")
        return data


class BaseActionItemFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "team": self.form_kwargs.get("team", ())}


ActionItemFormSet = forms.formset_factory(
    ActionItemForm, formset=BaseActionItemFormSet, extra=3, max_num=10, validate_max=True
)


class ActionItemDoneForm(SafeForm):
    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was done",
    )


class PulseForm(SafeForm):
    score = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (5, "5 — very well"),
            (4, "4 — well"),
            (3, "3 — all right"),
            (2, "2 — not well"),
            (1, "1 — badly"),
        ],
        widget=forms.RadioSelect,
        label="How is our collaboration on this search going?",
    )
    comment = forms.CharField(
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything to add?",
        help_text="The other side never sees who said what.",
    )
