from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.forms_base import SafeForm, SafeModelForm
from accounts.models import Role, User

from .models import Requisition, TeamRole
from .reference import country_choices, time_zone_choices
from .team import ELIGIBLE_ROLES

SALARY_FIELDS = ("salary_min", "salary_max", "salary_currency", "salary_shared_with_agency")


class RequisitionForm(SafeModelForm):
    country = forms.ChoiceField(choices=country_choices)
    time_zone = forms.ChoiceField(choices=time_zone_choices, label="Time zone")
    reason_detail = forms.CharField(
        label="More about the reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    salary_min = forms.DecimalField(
        label="Salary from", required=False, min_value=0, max_digits=12, decimal_places=0
    )
    salary_max = forms.DecimalField(
        label="Salary to", required=False, min_value=0, max_digits=12, decimal_places=0
    )
    headcount = forms.IntegerField(min_value=1, max_value=500, initial=1)

    class Meta:
        model = Requisition
        fields = [
            "title",
            "department",
            "location",
            "country",
            "time_zone",
            "headcount",
            "employment_type",
            "priority",
            "target_start_date",
            "opening_reason",
            "reason_detail",
            *SALARY_FIELDS,
        ]
        labels = {
            "salary_currency": "Currency",
            "target_start_date": "Target start date",
            "opening_reason": "Reason for the opening",
            "employment_type": "Employment type",
        }
        widgets = {"target_start_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.instance.pk:
            # DESIGN: time zone and country default from the organisation's settings.
            self.initial.setdefault("country", settings.ACCORD_DEFAULT_COUNTRY)
            self.initial.setdefault("time_zone", settings.TIME_ZONE)
            self.initial.setdefault("salary_currency", settings.ACCORD_DEFAULT_CURRENCY)
        # An agency recruiter neither sees nor sets the band (DESIGN: "never sees ... the
        # internal salary band unless the agreement says so").
        if user.is_agency_recruiter and not (
            self.instance.pk and self.instance.salary_visible_to(user)
        ):
            for name in SALARY_FIELDS:
                del self.fields[name]
        elif user.is_agency_recruiter:
            del self.fields["salary_shared_with_agency"]

    def clean_target_start_date(self):
        value = self.cleaned_data.get("target_start_date")
        unchanged = self.instance.pk and value == self.instance.target_start_date
        if value and not unchanged and value < timezone.localdate():
            raise forms.ValidationError("The target start date cannot be in the past.")
        return value

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The top of the band must be at least its bottom.")
        return cleaned


def _people(role: str):
    return User.objects.filter(is_active=True, role__in=ELIGIBLE_ROLES[role])


class TeamForm(SafeForm):
    recruiter = forms.ModelChoiceField(queryset=User.objects.none())
    hr_generalist = forms.ModelChoiceField(queryset=User.objects.none(), label="HR generalist")
    hiring_manager = forms.ModelChoiceField(queryset=User.objects.none())
    interviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    PARTS = {
        "recruiter": TeamRole.RECRUITER,
        "hr_generalist": TeamRole.HR_GENERALIST,
        "hiring_manager": TeamRole.HIRING_MANAGER,
        "interviewers": TeamRole.INTERVIEWER,
    }

    def __init__(self, *args, requisition=None, creator=None, **kwargs):
        if requisition is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "recruiter": requisition.recruiter,
                "hr_generalist": requisition.hr_generalist,
                "hiring_manager": requisition.hiring_manager,
                "interviewers": requisition.interviewers,
            }
        elif creator is not None and "initial" not in kwargs:
            own_part = {
                Role.RECRUITER: "recruiter",
                Role.HR_GENERALIST: "hr_generalist",
                Role.HIRING_MANAGER: "hiring_manager",
            }.get(creator.role)
            kwargs["initial"] = {own_part: creator} if own_part else {}
        super().__init__(*args, **kwargs)
        for name, role in self.PARTS.items():
            self.fields[name].queryset = _people(role)
        self.fields["recruiter"].label_from_instance = lambda u: (
            f"{u.display_name} ({u.agency_name})" if u.agency_name else u.display_name
        )


class MoveForm(SafeForm):
    required_when = {"reason": "to put it on hold or cancel it"}

    to_state = forms.ChoiceField(choices=Requisition.State.choices)
    reason = forms.CharField(max_length=250, required=False)

    def __init__(self, *args, requisition, **kwargs):
        super().__init__(*args, **kwargs)
        self.requisition = requisition

    def clean(self):
        cleaned = super().clean()
        to_state = cleaned.get("to_state")
        if to_state and not self.requisition.can_move_to(to_state):
            self.add_error(
                "to_state",
                f"A requisition that is {self.requisition.get_state_display().lower()} "
                f"cannot move to {Requisition.State(to_state).label.lower()}.",
            )
        elif to_state in Requisition.MOVES_NEEDING_REASON and not cleaned.get("reason", ""):
            self.add_error("reason", "Say why, so the rest of the hiring team knows.")
        return cleaned


class RequisitionFilterForm(SafeForm):
    q = forms.CharField(required=False, max_length=100, label="Search")
    state = forms.ChoiceField(
        required=False, choices=[("", "Any state"), *Requisition.State.choices]
    )
    priority = forms.ChoiceField(
        required=False, choices=[("", "Any priority"), *Requisition.Priority.choices]
    )
    mine = forms.BooleanField(required=False, label="Only searches I am on")
