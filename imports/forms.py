from django import forms

from accounts.forms_base import SafeForm


class UploadForm(SafeForm):
    file = forms.FileField(
        label="File",
        help_text="CSV (UTF-8, Latin-1; comma, semicolon or tab) or Excel (.xlsx).",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ConfirmForm(SafeForm):
    """Nothing to fill in: the button is the confirmation of the preview shown."""


class RowFilterForm(SafeForm):
    show = forms.ChoiceField(
        required=False,
        choices=[("", "Every row"), ("refuse", "Refused"), ("create", "New"), ("match", "Matched")],
    )
