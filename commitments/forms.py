from django import forms

from accounts.forms_base import SafeForm, SafeModelForm
from accounts.models import User


class WaiveForm(SafeForm):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The owner and the journal see this.",
    )


class ReminderPreferenceForm(SafeModelForm):
    class Meta:
        model = User
        fields = ["reminder_email"]
        widgets = {"reminder_email": forms.RadioSelect}
