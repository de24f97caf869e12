"""One form per section of the brief. Each reads its part (`initial_for`) and gives the
part back (`part()`); lists are typed one per line and stored as JSON lists. Every form
carries its section as prefix, so the fields of six forms on one page keep unique ids."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from accounts.forms_base import FoldField, SafeForm, clean_local_datetime
from commitments.service_terms import CommitmentKind, Party, Unit
from hiring.reference import CURRENCY_CHOICES

from .models import IntakeSession, Signer
from .parts import (
    MUST_HAVES_MAX,
    NICE_TO_HAVES_MAX,
    Cadence,
    MeetingChannel,
    SourcingChannel,
    Weekday,
    validate_role_profile,
)
from .service_levels import SERVICE_LEVEL_KINDS

MAX_STAGES = 6
ITEM_MAX_LENGTH = 200


class LinesField(forms.CharField):
    """A textarea read as a list: one item per line, blank lines dropped."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, max_items=None, **kwargs):
        self.max_items = max_items
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if too_long := [item for item in value if len(item) > ITEM_MAX_LENGTH]:
            raise ValidationError(
                f"Keep each line under {ITEM_MAX_LENGTH} characters: “{too_long[0][:40]}…”."
            )
        if self.max_items and len(value) > self.max_items:
            raise ValidationError(f"List {self.max_items} at most; there are {len(value)}.")

    def run_validators(self, value):
        """Every validator on every line (Django's NUL check and the guards of
        accounts.forms_base among them); the built-in max_length, which would measure the
        whole text, is checked per line in validate() instead."""
        validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        errors = []
        for line in value:
            for validator in validators:
                try:
                    validator(line)
                except ValidationError as error:
                    errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors[:1])


class SectionForm(SafeForm):
    section = ""

    def __init__(self, *args, requisition, **kwargs):
        kwargs.setdefault("prefix", self.section)
        self.requisition = requisition
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, part: dict) -> dict:
        return dict(part)

    def part(self) -> dict:
        return dict(self.cleaned_data)


class RoleProfileForm(SectionForm):
    section = "role_profile"
    must_haves = LinesField(
        label="Must-haves",
        help_text=f"One per line, 1 to {MUST_HAVES_MAX}. A candidate without one is not shown.",
    )
    nice_to_haves = LinesField(
        label="Nice-to-haves",
        help_text=f"One per line, up to {NICE_TO_HAVES_MAX}; 3 to 5 are advised.",
    )
    qualifications = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    team_description = forms.CharField(
        label="What the team does",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    past_hires = forms.CharField(
        label="Past successful hires to look like",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    knockout_questions = LinesField(
        label="Knock-out questions",
        max_items=10,
        help_text="One per line as “question | required answer”, e.g. "
        "“Do you have the right to work in the UK? | Yes”.",
    )
    shortlist_size = forms.IntegerField(
        label="Shortlist size",
        min_value=1,
        max_value=20,
        help_text="How many candidates HR and the hiring manager want to see.",
    )

    @classmethod
    def initial_for(cls, part):
        initial = dict(part)
        initial["knockout_questions"] = [
            f"{q['question']} | {q['answer']}" for q in part.get("knockout_questions", [])
        ]
        return initial

    def clean_knockout_questions(self):
        questions = []
        for number, line in enumerate(self.cleaned_data["knockout_questions"], start=1):
            question, bar, answer = line.partition("|")
            if not bar or not question.strip() or not answer.strip():
                raise ValidationError(
                    f"Line {number} needs a question and its required answer, separated by “|”."
                )
            questions.append({"question": question.strip(), "answer": answer.strip()})
        return questions

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.warnings = validate_role_profile(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class StageForm(SafeForm):
    """One stage of the interview plan; a stage without a name is left out."""

    required_when = {"length": "for each stage"}

    name = forms.CharField(label="Name", required=False, max_length=120)
    length = forms.IntegerField(
        label="Length in minutes", required=False, min_value=10, max_value=480
    )
    focus = forms.MultipleChoiceField(
        label="Focus areas from the role profile",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_focus = forms.CharField(
        label="Other focus areas", required=False, max_length=300, help_text="Separated by commas."
    )
    interviewers = forms.MultipleChoiceField(
        label="Interviewers", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, focus_choices=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].choices = [(f, f) for f in focus_choices]
        self.fields["interviewers"].choices = people

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("length"):
            self.add_error("length", "Say how long this stage takes.")
        return data


# One empty stage below those in use, so a stage can be added without saving first.
StageFormSet = forms.formset_factory(
    StageForm, extra=1, max_num=MAX_STAGES, validate_max=True, absolute_max=MAX_STAGES
)


class InterviewPlanForm(SectionForm):
    """Up to MAX_STAGES ordered stages, as a formset (`self.stages`)."""

    section = "interview_plan"

    def __init__(self, data=None, *, initial=None, focus_choices=(), **kwargs):
        super().__init__(data, initial=initial, **kwargs)
        self.team = {m.user.pk: m.user for m in self.requisition.team_members.all()}
        self.stages = StageFormSet(
            data,
            initial=(initial or {}).get("stages", []),
            prefix=f"{self.prefix}-stage",
            form_kwargs={
                "focus_choices": focus_choices,
                "people": [(str(pk), user.display_name) for pk, user in self.team.items()],
            },
        )

    @classmethod
    def initial_for(cls, part, focus_choices=()):
        stages = []
        for stage in part.get("stages", [])[:MAX_STAGES]:
            areas = stage.get("focus_areas", [])
            stages.append(
                {
                    "name": stage["name"],
                    "length": stage.get("length_minutes"),
                    "focus": [f for f in areas if f in focus_choices],
                    "other_focus": ", ".join(f for f in areas if f not in focus_choices),
                    "interviewers": [str(p["id"]) for p in stage.get("interviewers", [])],
                }
            )
        return {"stages": stages}

    def with_another_stage(self):
        """The same plan as typed, unsaved and unchecked, with one more empty stage."""
        typed = [
            {name: stage[name].value() for name in stage.fields}
            for stage in self.stages.forms[:MAX_STAGES]
        ]
        return type(self)(
            initial={"stages": typed},
            requisition=self.requisition,
            focus_choices=self.stages.form_kwargs["focus_choices"],
        )

    def is_valid(self):
        return self.stages.is_valid() & super().is_valid()

    def clean(self):
        data = super().clean()
        for error in self.stages.non_form_errors():
            self.add_error(None, error)
        return data

    def part(self):
        stages = []
        for data in self.stages.cleaned_data:
            if not data.get("name"):
                continue
            other = [f.strip() for f in data["other_focus"].split(",") if f.strip()]
            people = [self.team[int(pk)] for pk in data["interviewers"]]
            stages.append(
                {
                    "name": data["name"],
                    "length_minutes": data["length"],
                    "focus_areas": list(dict.fromkeys([*data["focus"], *other])),
                    "interviewers": [{"id": p.pk, "name": p.display_name} for p in people],
                }
            )
        return {"stages": stages}


class SourcingForm(SectionForm):
    section = "sourcing"
    channels = forms.MultipleChoiceField(
        choices=SourcingChannel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_companies = LinesField(label="Target companies", max_items=30, help_text="One per line.")
    notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BudgetForm(SectionForm):
    section = "budget"
    salary_min = forms.IntegerField(label="Salary from", required=False, min_value=0)
    salary_max = forms.IntegerField(label="Salary to", required=False, min_value=0)
    salary_currency = forms.ChoiceField(label="Currency", choices=CURRENCY_CHOICES)
    target_shortlist_date = forms.DateField(
        label="Target shortlist date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    target_start_date = forms.DateField(
        label="Target start date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", "The top of the band must be at least its bottom.")
        shortlist, start = data.get("target_shortlist_date"), data.get("target_start_date")
        if shortlist and start and shortlist > start:
            self.add_error("target_shortlist_date", "The shortlist has to come before the start.")
        return data

    def part(self):
        data = dict(self.cleaned_data)
        for field in ("target_shortlist_date", "target_start_date"):
            data[field] = data[field].isoformat() if data[field] else None
        return data


class ServiceLevelsForm(SectionForm):
    section = "service_levels"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in SERVICE_LEVEL_KINDS:
            self.fields[f"{kind}_party"] = forms.ChoiceField(label="Owed by", choices=Party.choices)
            self.fields[f"{kind}_amount"] = forms.IntegerField(
                label="Due within", min_value=0, max_value=400
            )
            self.fields[f"{kind}_unit"] = forms.ChoiceField(label="Unit", choices=Unit.choices)

    @classmethod
    def initial_for(cls, part):
        initial = {"_part": dict(part)}
        for kind, row in part.items():
            initial |= {
                f"{kind}_party": row["owner_party"],
                f"{kind}_amount": row["amount"],
                f"{kind}_unit": row["unit"],
            }
        return initial

    def rows(self):
        return [
            {
                "kind": kind,
                "label": label,
                "party": self[f"{kind}_party"],
                "amount": self[f"{kind}_amount"],
                "unit": self[f"{kind}_unit"],
            }
            for kind, label in CommitmentKind.choices
            if kind in SERVICE_LEVEL_KINDS
        ]

    def clean(self):
        data = super().clean()
        for kind in SERVICE_LEVEL_KINDS:
            unit, amount = data.get(f"{kind}_unit"), data.get(f"{kind}_amount")
            if unit and unit != Unit.END_OF_DAY and amount == 0:
                self.add_error(f"{kind}_amount", "Give at least 1, or choose “end of that day”.")
        return data

    def part(self):
        """The kinds edited here, and the others as the version had them (their terms come
        from other sections: the calibration round, the stage limits)."""
        data = self.cleaned_data
        kept = dict(self.initial.get("_part") or {})
        return kept | {
            kind: {
                "owner_party": data[f"{kind}_party"],
                "amount": 0 if data[f"{kind}_unit"] == Unit.END_OF_DAY else data[f"{kind}_amount"],
                "unit": data[f"{kind}_unit"],
            }
            for kind in SERVICE_LEVEL_KINDS
        }


WHEN_AWAY = [
    ("deputy", "Hand it to their stand-in"),
    ("pause", "Pause it until they are back"),
    ("escalate", "Pause it and let HR decide who holds it"),
]


class CommunicationForm(SectionForm):
    section = "communication"
    checkin_cadence = forms.ChoiceField(label="Check-in cadence", choices=Cadence.choices)
    checkin_weekday = forms.TypedChoiceField(
        label="Check-in day", choices=Weekday.choices, coerce=int
    )
    checkin_time = forms.TimeField(
        label="Check-in time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    checkin_channel = forms.ChoiceField(label="Check-in channel", choices=MeetingChannel.choices)
    checkin_leader_party = forms.ChoiceField(label="Who leads the check-in", choices=Signer.choices)
    status_update_party = forms.ChoiceField(
        label="Who sends status updates to the hiring manager",
        choices=[c for c in Signer.choices if c[0] != Signer.HIRING_MANAGER],
    )
    status_update_weekday = forms.TypedChoiceField(
        label="Status update day", choices=Weekday.choices, coerce=int
    )
    status_update_content = forms.CharField(
        label="What each update contains",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    when_away = forms.ChoiceField(
        label="When someone is away",
        choices=WHEN_AWAY,
        initial="deputy",
        help_text="What happens to what an absent person owes on this search (issue 18).",
    )

    def part(self):
        data = dict(self.cleaned_data)
        data["checkin_time"] = data["checkin_time"].strftime("%H:%M")
        return data


class ScheduleIntakeForm(SafeForm):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.TypedChoiceField(
        label="Length",
        coerce=int,
        choices=[(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1½ hours")],
        initial=60,
    )
    channel = forms.ChoiceField(choices=IntakeSession.Channel.choices, initial="video")
    where = forms.CharField(
        label="Room, phone number or video link", required=False, max_length=200
    )
    fold = FoldField()
    attendees = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, requisition, **kwargs):
        super().__init__(*args, **kwargs)
        self.requisition = requisition
        self.team = {}
        for member in requisition.team_members.all():
            self.team.setdefault(member.user.pk, (member.user, member.get_role_display()))
        self.fields["attendees"].choices = [
            (str(pk), f"{user.display_name} ({role})") for pk, (user, role) in self.team.items()
        ]
        self.fields[
            "attendees"
        ].help_text = f"Times are in the search's time zone, {requisition.time_zone}."

    def clean(self):
        data = super().clean()
        # In the search's time zone: a time the clocks skip is refused with the nearest
        # ones offered; one they repeat is asked about through `fold`.
        starts_at = clean_local_datetime(self, zone=self.requisition.time_zone)
        if starts_at is not None:
            if starts_at <= timezone.now():
                self.add_error("date", "Pick a time in the future.")
            data["starts_at"] = starts_at
        data["attendee_users"] = [self.team[int(pk)][0] for pk in data.get("attendees", [])]
        return data


class DeclineForm(SafeForm):
    reason = forms.CharField(
        label="Why are you declining the search?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The hiring team reads this in the journal; the search is cancelled.",
    )
