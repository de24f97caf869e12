from datetime import timedelta
from decimal import Decimal

from django import forms

from accounts.forms_base import FoldField, SafeForm, clean_local_datetime
from pipeline.forms import add_brief_reason_fields
from pipeline.models import DispositionReason

from .models import RATING_LABELS, OfferDeclineReason, Recommendation, Survey

LENGTHS = [
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1½ hours"),
    (120, "2 hours"),
    (180, "3 hours"),
]


class InterviewForm(SafeForm):
    stage = forms.TypedChoiceField(label="Stage of the interview plan", coerce=int)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(
        label="Starts", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    fold = FoldField()
    length = forms.TypedChoiceField(label="Length", coerce=int, choices=LENGTHS, initial=60)
    location = forms.CharField(label="Place or video link", max_length=300)
    interviewers = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(
        label="Notes for the interviewers",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the panel and the hiring team read these; never the candidate.",
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, requisition, stages, fixed_stage=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requisition = requisition
        self.stages = stages
        self.fields["stage"].choices = [(s.index, s.name) for s in stages]
        if fixed_stage is not None:
            self.fields["stage"].disabled = True
        self.team = {}
        for member in requisition.team_members.all():
            self.team.setdefault(member.user.pk, (member.user, member.get_role_display()))
        self.fields["interviewers"].choices = [
            (str(pk), f"{user.display_name} ({role})") for pk, (user, role) in self.team.items()
        ]
        self.fields["time"].help_text = f"In the search's time zone, {requisition.time_zone}."

    def clean(self):
        data = super().clean()
        starts_at = clean_local_datetime(self, zone=self.requisition.time_zone)
        if starts_at is not None and data.get("length"):
            data["starts_at"] = starts_at
            data["ends_at"] = starts_at + timedelta(minutes=data["length"])
        data["interviewer_users"] = [
            self.team[int(pk)][0] for pk in data.get("interviewers", []) if int(pk) in self.team
        ]
        return data


class CancelForm(SafeForm):
    reason = forms.CharField(label="Why is it cancelled?", max_length=300)


def _rating_choices():
    return [(str(n), f"{n} · {label}") for n, label in RATING_LABELS.items()]


class ScorecardForm(SafeForm):
    """One rating (1–4) and an optional note per focus area of the stage; overall
    recommendation and notes. Completeness is the domain's rule (submit only)."""

    recommendation = forms.ChoiceField(
        label="Overall recommendation",
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you saw and heard: evidence beats impressions.",
    )

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(interview.focus_areas)
        for i, area in enumerate(self.areas):
            self.fields[f"rating_{i}"] = forms.ChoiceField(
                label=area, choices=_rating_choices(), required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{i}"] = forms.CharField(
                label=f"Note on “{area}”",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @classmethod
    def initial_for(cls, card) -> dict:
        initial = {"recommendation": card.recommendation, "notes": card.notes}
        for i, area in enumerate(card.interview.focus_areas):
            rating = card.rating_for(area)
            initial[f"rating_{i}"] = str(rating) if rating else ""
            initial[f"note_{i}"] = card.note_for(area)
        return initial

    def area_rows(self):
        return [(self[f"rating_{i}"], self[f"note_{i}"]) for i in range(len(self.areas))]

    def ratings(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "area": area,
                "rating": data.get(f"rating_{i}") or None,
                "note": data.get(f"note_{i}", ""),
            }
            for i, area in enumerate(self.areas)
        ]


class DecisionForm(SafeForm):
    outcome = forms.ChoiceField(widget=forms.RadioSelect)
    disposition_reason = forms.ModelChoiceField(
        label="Reason for rejecting", queryset=None, required=False
    )
    note = forms.CharField(
        label="Note for the team",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, outcomes, profile=None, brief_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes
        self.fields["disposition_reason"].queryset = DispositionReason.objects.filter(
            is_active=True, side=DispositionReason.Side.OURS
        )
        # Asked on a rejection only (clean); the domain asks again (pipeline.brief_check).
        add_brief_reason_fields(self, profile=profile, required=False, widget=forms.Select)
        self.fields["against_brief"].label = "If rejecting: what they lack against the brief"
        self.brief_required = brief_required

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "reject" and not data.get("disposition_reason"):
            self.add_error("disposition_reason", "Give the reason for rejecting.")
        owed = data.get("outcome") == "reject" and self.brief_required
        if owed and not data.get("against_brief") and "against_brief" not in self.errors:
            self.add_error("against_brief", self.fields["against_brief"].error_messages["required"])
        return data


class OfferForm(SafeForm):
    salary = forms.DecimalField(
        label="Annual salary", max_digits=12, decimal_places=0, min_value=Decimal(1)
    )
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    outside_band_reason = forms.CharField(
        label="Why outside the band?",
        required=False,
        max_length=500,
        help_text="Required when the salary is outside the requisition's band.",
    )
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseOfferForm(SafeForm):
    required_when = {"decline_reason": "if they declined"}

    answer = forms.ChoiceField(
        choices=[("accepted", "Accepted"), ("declined", "Declined")], widget=forms.RadioSelect
    )
    decline_reason = forms.ModelChoiceField(
        label="Why did they decline?",
        queryset=OfferDeclineReason.objects.filter(active=True),
        required=False,
    )
    note = forms.CharField(required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("answer") == "declined" and not data.get("decline_reason"):
            self.add_error("decline_reason", "Choose why the candidate declined.")
        return data


class SurveyForm(SafeForm):
    comment = forms.CharField(
        label="Anything else you would like to tell us?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(str(n), str(n)) for n in range(1, 6)]
        for name, question in Survey.QUESTIONS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=question, choices=scale, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([*Survey.QUESTIONS, "comment"])

    def ratings(self) -> dict:
        return {name: self.cleaned_data[name] for name in Survey.QUESTIONS}
