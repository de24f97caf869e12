from django import forms

from accounts.forms_base import SafeModelForm

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
