from django import forms

from accounts.forms_base import SafeForm
from pipeline.models import Source, Stage

from .models import REACHED, Outcome


class PoolSearchForm(SafeForm):
    """The pool's box and filters, all in the URL (bookmarked, reloaded, gone Back to)."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search the talent pool",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Skills, titles, companies, names…"}
        ),
    )
    outcome = forms.ChoiceField(
        required=False, choices=[("", "Any outcome"), *Outcome.choices], label="Outcome"
    )
    reached = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any stage")]
        + [(rank, f"At least {Stage(s).label.lower()}") for rank, s in enumerate(REACHED)][1:],
        label="Stage reached",
    )
    department = forms.CharField(required=False, max_length=80, label="Department")
    since = forms.DateField(
        required=False,
        label="Active since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.ChoiceField(
        required=False, choices=[("", "Any source"), *Source.choices], label="Source"
    )
    # The search the recruiter is filling: "add to this search" on each result.
    search = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "outcome": data.get("outcome") or "",
            "reached": data.get("reached"),
            "department": data.get("department") or "",
            "since": data.get("since"),
            "source": data.get("source") or "",
        }
