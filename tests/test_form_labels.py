"""Words (issue 25, finding 11): no field the product requires says "optional".

Every form in the project is built (a table below gives the arguments of those that need
some; a new form that cannot be built fails here until it has its row) and submitted with
each field given alone and with each choice of its choice fields alone. A field that is not
`required` but gets an error while left empty is required in that case: its label must not
say "optional" (declare it `required`, or name it in the form's `required_when`). And no
label carries the word itself: the form renderer adds it to fields that really are optional.
"""

import datetime
import re

import pytest
from django import forms

from tests.accounts.test_forms_base import _project_forms

pytestmark = pytest.mark.django_db

SAMPLE = {
    forms.DateTimeField: "2027-01-04 10:00",
    forms.DateField: "2027-01-04",
    forms.TimeField: "10:00",
    forms.IntegerField: "3",
    forms.DecimalField: "3",
    forms.BooleanField: "on",
    forms.EmailField: "ann@example.com",
    forms.URLField: "https://example.com/",
}


def _sample(field):
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first is not None else None
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if str(v) not in ("", "None")]
        return values[0] if values else None
    if isinstance(field, forms.FileField):
        return None
    for kind, value in SAMPLE.items():
        if isinstance(field, kind):
            return value
    return "Something"


def _choices(field):
    if isinstance(field, forms.ModelChoiceField):
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:10]]
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        return [str(v) for v, _label in field.choices if str(v) not in ("", "None")]
    return []


@pytest.fixture
def arguments(requisition, recruiter, hiring_manager, hr_generalist):
    """What the forms that need arguments are built with (class name → kwargs)."""
    from intake.agreements import active_agreement_for
    from intake.drafting import draft_for_editing
    from interviews.models import Interview
    from interviews.scheduling import plan_stages
    from tests.pipeline.helpers import activate_agreement

    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    agreement = active_agreement_for(requisition)
    draft_for_editing(requisition=requisition, edited_by=recruiter)
    interview = Interview(
        requisition=requisition,
        stage_index=0,
        stage_name="Technical interview",
        focus_areas=["Python in production", "Owns on-call"],
    )
    return {
        # Django's password forms take the person first.
        "ChangePasswordForm": lambda form_class, data: form_class(recruiter, data),
        "NewPasswordForm": lambda form_class, data: form_class(recruiter, data),
        "MoveCheckInForm": {"zone": "Europe/London"},
        "commitments.forms.DeclineForm": {"kind": "interview_feedback"},
        "MoreTimeForm": {"zone": "Europe/London"},
        "AbsenceForm": {"user": recruiter},
        "hiring.forms.MoveForm": {"requisition": requisition},
        "RequisitionForm": {"user": recruiter},
        "BudgetForm": {"requisition": requisition},
        "CalibrationForm": {"requisition": requisition},
        "StageLimitsForm": {"requisition": requisition},
        "ConsequencesForm": {"requisition": requisition},
        "CommunicationForm": {"requisition": requisition},
        "RoleProfileForm": {"requisition": requisition},
        "ScheduleIntakeForm": {"requisition": requisition},
        "SectionForm": {"requisition": requisition},
        "SourcingForm": {"requisition": requisition},
        "interviews.forms.DecisionForm": {"outcomes": [("advance", "Advance"), ("no", "No")]},
        "InterviewForm": {"requisition": requisition, "stages": plan_stages(requisition)},
        "ScorecardForm": {"interview": interview},
        "ScreeningEntryForm": {"profile": agreement.role_profile},
        "ShortlistSubmitForm": {"queryset": requisition.applications.all()},
        "FillForm": {"needs_outside": True},
    }


# Bases and helpers that are never a form of their own on a page.
NOT_PAGES = {"SafeForm", "SafeModelForm", "InterviewPlanForm", "ServiceLevelsForm"}


def _build(form_class, arguments, data=None):
    name = f"{form_class.__module__}.{form_class.__qualname__}"
    kwargs = arguments.get(name, arguments.get(form_class.__qualname__, {}))
    if callable(kwargs):
        return kwargs(form_class, data)
    return form_class(data, **kwargs) if data is not None else form_class(**kwargs)


def _says_optional(form, name):
    return "optional" in re.sub(r"<[^>]+>", " ", form[name].as_field_group()).lower()


def test_finding_11_no_field_that_is_required_says_optional(arguments):
    lying, unbuildable = [], []
    for form_class in sorted(_project_forms(), key=lambda c: (c.__module__, c.__qualname__)):
        if form_class.__qualname__ in NOT_PAGES or form_class.__module__.endswith(".admin"):
            continue
        where = f"{form_class.__module__}.{form_class.__qualname__}"
        try:
            blank = _build(form_class, arguments)
        except TypeError as error:
            unbuildable.append(f"{where}: {error}")
            continue
        for name, field in blank.fields.items():
            if "optional" in str(field.label or "").lower():
                lying.append(f"{where}.{name}: the label itself says “{field.label}”")
        attempts = [{}]
        for name, field in blank.fields.items():
            value = _sample(field)
            if value is not None:
                attempts.append({name: value})
            attempts += [{name: choice} for choice in _choices(field)]
        for data in attempts:
            form = _build(form_class, arguments, data=data)
            form.is_valid()
            for name in form.errors:
                field = form.fields.get(name)
                if field is None or field.required or data.get(name):
                    continue
                if _says_optional(form, name):
                    lying.append(f"{where}.{name}: says optional, yet needed with {data}")
    assert unbuildable == [], "give these forms their arguments in `arguments`"
    assert sorted(set(lying)) == [], "\n".join(sorted(set(lying)))


def test_a_date_sample_is_a_working_day():
    assert datetime.date.fromisoformat(SAMPLE[forms.DateField]).weekday() == 0
