from django import forms
from django.conf import settings

from accounts.forms_base import FoldField, SafeForm, SafeModelForm, clean_local_datetime
from accounts.models import User, time_zone_names

from .answers import decline_reasons


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


class DeclineForm(SafeForm):
    """ "Not mine / cannot do it": a reason from the kind's short list, or other with text."""

    required_when = {"reason": "if you choose “Other”"}

    reason_code = forms.ChoiceField(widget=forms.RadioSelect, label="Why is it not yours?")
    reason = forms.CharField(
        max_length=250,
        required=False,
        label="In your words",
        help_text="Whoever receives it and the journal see this.",
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = decline_reasons(kind)


class MoreTimeForm(SafeForm):
    """ "I need until …": a new deadline in the search's time zone, and why."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="New deadline")
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), initial="17:00", label="At"
    )
    fold = FoldField()
    reason = forms.CharField(max_length=250, help_text="The other side and HR see this.")

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean(self):
        data = super().clean()
        data["due_at"] = clean_local_datetime(self, zone=self.zone)
        return data


class AnswerForm(SafeForm):
    """Accept or refuse a decline or a request for more time."""

    required_when = {"note": "when you give it back"}

    accept = forms.TypedChoiceField(
        choices=[("yes", "Accept"), ("no", "Refuse")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=250,
        required=False,
        label="Note",
        help_text="The person who asked sees this.",
    )


class AbsenceForm(SafeForm):
    """Away from … to …, and who stands in; HR may set it for someone else."""

    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Who is away")
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="From")
    ends_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="Until (the last day away)"
    )
    deputy = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Stand-in",
        empty_label="Nobody: pause what I owe",
        help_text="Takes your part on each search where they may hold it; the rest pauses.",
    )
    note = forms.CharField(max_length=200, required=False, label="Note for the team")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        if user.is_admin or user.role == "hr_generalist":
            self.fields["person"].queryset = people
            self.fields["person"].initial = user.pk
        else:
            self.fields["person"].queryset = people.filter(pk=user.pk)
            self.fields["person"].initial = user.pk
            self.fields["person"].widget = forms.HiddenInput()
        self.fields["deputy"].queryset = people.filter(
            role__in=["recruiter", "hr_generalist", "hiring_manager"]
        )
