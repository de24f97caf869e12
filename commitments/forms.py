from django import forms
from django.conf import settings

from accounts.forms_base import SafeForm, SafeModelForm
from accounts.models import User, time_zone_names


class WaiveForm(SafeForm):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The owner and the journal see this.",
    )


class ReminderPreferenceForm(SafeModelForm):
    """How and when email reaches this person: at once or in a digest, and only inside
    their working day in their own time zone (in-app notifications arrive at once)."""

    time_zone = forms.ChoiceField(required=False)

    class Meta:
        model = User
        fields = ["reminder_email", "weekly_summary", "time_zone", "workday_starts", "workday_ends"]
        widgets = {
            "reminder_email": forms.RadioSelect,
            "workday_starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "workday_ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_hr_lead:
            del self.fields["weekly_summary"]  # HR leads' email (insights.weekly_summary)
        default = f"The organisation's ({settings.TIME_ZONE})"
        self.fields["time_zone"].choices = [("", default)] + [
            (name, name.replace("_", " ")) for name in sorted(time_zone_names())
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("workday_starts"), cleaned.get("workday_ends")
        if starts and ends and ends <= starts:
            self.add_error("workday_ends", "The working day must end after it starts.")
        return cleaned
