from django import forms

from accounts.forms_base import SafeForm


class EraseForm(SafeForm):
    confirm = forms.CharField(
        label="Type ERASE to confirm",
        max_length=10,
        help_text="This cannot be undone. Counts and figures stay; the person does not.",
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() != "ERASE":
            raise forms.ValidationError("Type ERASE to confirm.")
        return "ERASE"


class MergeForm(SafeForm):
    """Which possible duplicate to fold into the profile on the page."""

    other = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
