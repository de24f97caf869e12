from django import forms

from accounts.forms_base import SafeForm


class DismissForm(SafeForm):
    """Why an admin dismisses failed or bounced emails (kept on each row)."""

    reason = forms.CharField(
        max_length=300,
        label="Reason",
        help_text="Kept with each email dismissed, e.g. “address left the company”.",
    )
