from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from accounts.forms_base import SafeForm
from accounts.models import Role, User
from commitments.service_terms import CommitmentKind
from hiring.models import Requisition

from .figures import (
    CHECKIN_STATES,
    DEFAULT_PERIOD_DAYS,
    FUNNEL_STEPS,
    ORGANISATION,
    OUTCOMES,
    PAIR,
    PAIR_SORTS,
    PERIOD_CHOICES,
    PERSON,
    REQUISITION,
    SIDE_LABELS,
    Period,
)
from .status_board import AGREEMENT_FILTERS, DEFAULT_SORT, SORTS

# The longest from–to period a figures page reads (the benchmark's two years of history).
MAX_PERIOD_DAYS = 3 * 366


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class PeopleSelect(forms.Select):
    """Django's select, its markup built in Python instead of one template include per
    option: the status board's recruiter and hiring-manager filters list every one of them
    (180 options at the large employer's 400 people took 13 ms a page to render)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(
                    f'\n  <option value="{escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 — every part escaped above


class StatusBoardFilterForm(SafeForm):
    """The board's filters, search and sort, all in the URL (the CSV takes the same)."""

    q = forms.CharField(required=False, max_length=80, label="Search")
    state = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Active (open, draft, on hold)"),
            *Requisition.State.choices,
            ("all", "Every search"),
        ],
    )
    department = forms.CharField(required=False, max_length=80)
    recruiter = forms.ModelChoiceField(
        required=False,
        queryset=User.objects.none(),
        empty_label="Any recruiter",
        widget=PeopleSelect,
    )
    manager = forms.ModelChoiceField(
        required=False,
        queryset=User.objects.none(),
        empty_label="Any hiring manager",
        label="Hiring manager",
        widget=PeopleSelect,
    )
    agreement = forms.ChoiceField(
        required=False, choices=[("", "Any agreement"), *AGREEMENT_FILTERS.items()]
    )
    overdue = forms.BooleanField(required=False, label="Something overdue")
    late = forms.BooleanField(required=False, label="Target start date passed")
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, v[0]) for k, v in SORTS.items()],
        initial=DEFAULT_SORT,
        label="Sort by",
    )
    dir = forms.ChoiceField(
        required=False,
        choices=[("", "Usual order"), ("asc", "Ascending"), ("desc", "Descending")],
        label="Order",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "pk")
        self.fields["recruiter"].queryset = people.filter(role=Role.RECRUITER)
        self.fields["manager"].queryset = people.filter(role=Role.HIRING_MANAGER)


class FiguresFilterForm(SafeForm):
    """The period (and, across the organisation, the department) a figures page is about;
    every field is in the URL, so a page can be bookmarked, reloaded and gone Back to."""

    required_when = {"start": "for a custom period", "end": "for a custom period"}

    period = forms.ChoiceField(
        required=False,
        choices=[*PERIOD_CHOICES, ("custom", "From … to …")],
        initial=str(DEFAULT_PERIOD_DAYS),
    )
    # data-custom-period: static/js/app.js switches the period to "From … to …" when a date
    # is typed (without JavaScript, choose it in the list).
    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date", "data-custom-period": ""}),
    )
    end = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date", "data-custom-period": ""}),
    )
    department = forms.CharField(required=False, max_length=80)
    sort = forms.ChoiceField(required=False, choices=list(PAIR_SORTS.items()), label="Sort by")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != "custom":
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", "Give the first day.")
        if end is None and "end" not in self.errors:
            self.add_error("end", "Give the last day.")
        if start and end:
            if end < start:
                self.add_error("end", "The last day comes after the first.")
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", "Choose at most three years.")
        return cleaned

    def chosen_period(self, now=None) -> Period:
        """The period asked for; the default (last 90 days) while the form has errors."""
        now = now or timezone.now()
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("period") == "custom":
            return Period.between(data["start"], data["end"])
        days = int(data.get("period") or DEFAULT_PERIOD_DAYS)
        return Period.last(days, now=now)

    @property
    def chosen_department(self) -> str:
        return (self.cleaned_data.get("department") or "").strip() if self.is_valid() else ""

    @property
    def chosen_sort(self) -> str:
        return (self.cleaned_data.get("sort") or "slipping") if self.is_valid() else "slipping"


class FigureRowsForm(SafeForm):
    """Which rows a figure's link asks for: the scope, then what (commitments or check-ins)
    and how they are narrowed (kind, side, outcome or state)."""

    scope = forms.ChoiceField(
        required=False, choices=[(s, s) for s in (ORGANISATION, REQUISITION, PERSON, PAIR)]
    )
    requisition = forms.IntegerField(required=False, min_value=1)
    person = forms.IntegerField(required=False, min_value=1)
    recruiter = forms.IntegerField(required=False, min_value=1)
    manager = forms.IntegerField(required=False, min_value=1)
    what = forms.ChoiceField(
        required=False,
        choices=[
            ("commitments", "Commitments"),
            ("checkins", "Check-ins"),
            ("applications", "Candidates"),
            ("searches", "Searches filled"),
        ],
    )
    step = forms.ChoiceField(required=False, choices=[("", "Added"), *FUNNEL_STEPS.items()])
    kind = forms.ChoiceField(required=False, choices=[("", "Every kind"), *CommitmentKind.choices])
    side = forms.ChoiceField(required=False, choices=[("", "Both sides"), *SIDE_LABELS.items()])
    outcome = forms.ChoiceField(required=False, choices=[("", "Due"), *OUTCOMES.items()])
    state = forms.ChoiceField(required=False, choices=[("", "Agreed"), *CHECKIN_STATES.items()])

    def clean_what(self):
        return self.cleaned_data.get("what") or "commitments"
