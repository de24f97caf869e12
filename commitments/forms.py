from django import forms

from accounts.models import User


class WaiveForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The owner and the journal see this.",
    )


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reminder_email"]
        widgets = {"reminder_email": forms.RadioSelect}
