"""The sections of the brief the agreement learns from (issue 21) — the calibration round
and the rejection-pattern threshold, stage limits, agreed consequences — and the one table
of every section's form (`SECTION_FORMS`, `section_form`) the editor reads."""

from django import forms

from accounts.models import hr_leads

from .forms import (
    BudgetForm,
    CommunicationForm,
    InterviewPlanForm,
    RoleProfileForm,
    SectionForm,
    ServiceLevelsForm,
    SourcingForm,
)
from .models import LimitedStage, Signer
from .parts import (
    CALIBRATION_PROFILES,
    default_calibration,
    default_consequences,
    default_stage_limits,
)


class CalibrationForm(SectionForm):
    """The calibration round after signing and how many rejections the brief does not
    explain before the recruiter and HR are told (issue 21)."""

    section = "calibration"
    required_when = {"round_days": "with a calibration round"}

    round = forms.BooleanField(
        label="Hold a calibration round once the agreement is in force",
        required=False,
        help_text=f"The recruiter presents {CALIBRATION_PROFILES[0]}–{CALIBRATION_PROFILES[1]} "
        "profiles; the hiring manager marks each against every must-have: yes, no or close.",
    )
    round_days = forms.IntegerField(
        label="Profiles presented within (business days)",
        required=False,
        min_value=1,
        max_value=30,
    )
    rejection_threshold = forms.IntegerField(
        label="Rejections against the brief before it is raised",
        min_value=1,
        max_value=20,
        help_text="Rejections for a reason the brief does not name, or of candidates the "
        "screening found to meet every must-have, within one version.",
    )

    @classmethod
    def initial_for(cls, part):
        return dict(part) or default_calibration(round_=False)

    def clean(self):
        data = super().clean()
        if data.get("round") and not data.get("round_days") and "round_days" not in self.errors:
            self.add_error("round_days", "Say within how many business days.")
        return data

    def part(self):
        data = self.cleaned_data
        return {
            "round": bool(data["round"]),
            "round_days": data.get("round_days") or default_calibration()["round_days"],
            "rejection_threshold": data["rejection_threshold"],
        }


class StageLimitsForm(SectionForm):
    """How long a candidate may sit in each stage, and whose move it then is (issue 21)."""

    section = "stage_limits"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in LimitedStage.values:
            self.fields[f"{stage}_days"] = forms.IntegerField(
                label="Business days",
                required=False,
                min_value=1,
                max_value=120,
                widget=forms.NumberInput(attrs={"placeholder": "no limit"}),
            )
            self.fields[f"{stage}_party"] = forms.ChoiceField(
                label="Then it is whose move", choices=Signer.choices
            )

    @classmethod
    def initial_for(cls, part):
        part = part or default_stage_limits()
        initial = {}
        for stage in LimitedStage.values:
            limit = part.get(stage) or {}
            initial[f"{stage}_days"] = limit.get("days")
            initial[f"{stage}_party"] = limit.get("party")
        return initial

    def rows(self):
        return [
            {"stage": stage, "label": label, "days": self[f"{stage}_days"],
             "party": self[f"{stage}_party"]}
            for stage, label in LimitedStage.choices
        ]  # fmt: skip

    def part(self):
        data = self.cleaned_data
        return {
            stage: {"days": data[f"{stage}_days"], "party": data[f"{stage}_party"]}
            for stage in LimitedStage.values
        }


class ConsequencesForm(SectionForm):
    """What follows a deadline still missed after the last escalation (issue 21)."""

    section = "consequences"

    tell_owners_manager = forms.BooleanField(
        label="Tell the late person's own manager",
        required=False,
        help_text="The manager each person reports to, as set on their account.",
    )
    hr_lead = forms.ChoiceField(label="Tell an HR lead", required=False)
    mark_at_risk = forms.BooleanField(
        label="Mark the search “at risk”",
        required=False,
        help_text="Shown on the status board and the search's overview until the overdue "
        "work is met.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leads = {str(p.pk): p for p in hr_leads()}
        chosen = self.initial.get("hr_lead") or ""
        choices = [("", "Nobody")] + [(pk, p.display_name) for pk, p in self.leads.items()]
        if chosen and chosen not in self.leads and self.initial.get("_hr_lead_name"):
            # Named by an earlier version and no longer an HR lead: kept until changed.
            choices.append((chosen, self.initial["_hr_lead_name"]))
        self.fields["hr_lead"].choices = choices

    @classmethod
    def initial_for(cls, part):
        part = part or default_consequences()
        lead = part.get("hr_lead") or {}
        return {
            "tell_owners_manager": part.get("tell_owners_manager", False),
            "hr_lead": str(lead.get("id") or ""),
            "_hr_lead_name": lead.get("name", ""),
            "mark_at_risk": part.get("mark_at_risk", False),
        }

    def part(self):
        data = self.cleaned_data
        chosen = data.get("hr_lead") or ""
        lead = None
        if chosen in self.leads:
            lead = {"id": self.leads[chosen].pk, "name": self.leads[chosen].display_name}
        elif chosen and chosen == self.initial.get("hr_lead"):
            lead = {"id": int(chosen), "name": self.initial.get("_hr_lead_name", "")}
        return {
            "tell_owners_manager": bool(data["tell_owners_manager"]),
            "hr_lead": lead,
            "mark_at_risk": bool(data["mark_at_risk"]),
        }


SECTION_FORMS = {
    form.section: form
    for form in (
        RoleProfileForm,
        InterviewPlanForm,
        SourcingForm,
        BudgetForm,
        ServiceLevelsForm,
        CommunicationForm,
        CalibrationForm,
        StageLimitsForm,
        ConsequencesForm,
    )
}


def focus_choices(role_profile: dict) -> list[str]:
    return [*role_profile.get("must_haves", []), *role_profile.get("nice_to_haves", [])]


def section_form(section, *, agreement_parts, requisition, data=None):
    """The bound (POST) or initial form of one section, read from the parts shown."""
    form_class = SECTION_FORMS[section]
    part = agreement_parts[section]
    extra = {}
    if section == "interview_plan":
        extra["focus_choices"] = focus_choices(agreement_parts["role_profile"])
        initial = form_class.initial_for(part, extra["focus_choices"])
    else:
        initial = form_class.initial_for(part)
    return form_class(data, initial=initial, requisition=requisition, **extra)
