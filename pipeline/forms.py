from django import forms

from accounts.forms_base import SafeForm, SafeModelForm

from .brief_check import TEXT_MAX, UNNAMED, BriefReason, brief_reason_choices
from .models import Application, Candidate, DispositionReason, ScreeningForm, Source, Stage
from .resumes import sniff_resume

YES_NO = {"yes", "no"}
RATING_CHOICES = [("", "Not rated")] + [(str(v), label) for v, label in ScreeningForm.RATINGS]


class ResumeField(forms.FileField):
    """A résumé: PDF, DOCX or ODT by its bytes, at most 10 MB (pipeline.resumes)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Résumé")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "PDF, Word (.docx) or OpenDocument (.odt), up to 10 MB.")
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={
                    "accept": ".pdf,.docx,.odt,application/pdf,"
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                    "application/vnd.oasis.opendocument.text"
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.resume_kind = sniff_resume(upload)
        return upload


class CandidateForm(SafeModelForm):
    """A person and how they came to this search. The email links to a record the adder
    may already see (pipeline.candidates)."""

    source = forms.ChoiceField(label="Source")
    source_detail = forms.CharField(
        label="Source detail",
        max_length=120,
        required=False,
        help_text="Who referred them, which job board, which event.",
    )
    salary_expectation = forms.CharField(
        max_length=80, required=False, help_text="As the candidate put it, e.g. “£95k base”."
    )
    resume = ResumeField()

    class Meta:
        model = Candidate
        fields = [
            "name",
            "email",
            "phone",
            "location",
            "current_title",
            "current_company",
            "linkedin_url",
            "portfolio_url",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Source.choices)
        offered = [c for c in channels if c in labels]
        for extra in ("referrals", "agency", "inbound"):
            if extra not in offered:
                offered.append(extra)
        self.fields["source"].choices = [("", "Choose…")] + [(c, labels[c]) for c in offered]
        self.fields[
            "email"
        ].help_text = "Someone you already know by this address is linked, not added twice."

    def validate_unique(self):
        """A known email is not an error here: pipeline.candidates decides what it links."""


class ResumeUploadForm(SafeForm):
    resume = ResumeField(required=True, label="New résumé")


class ScreeningEntryForm(SafeForm):
    """The screening form, with one field per knock-out question, must-have and nice-to-have
    of the active role profile. Drafts may be partial; completing needs every answer."""

    summary = forms.CharField(
        label="Your summary for the hiring manager",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        error_messages={"required": "Write a short summary for the hiring manager."},
    )

    def __init__(self, *args, profile, completing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.completing = completing
        # Shown as required (what completing asks for); a draft may leave them empty.
        required = completing or not self.is_bound
        self.fields["summary"].required = required
        self.knockouts, self.musts, self.nices = [], [], []
        for i, q in enumerate(profile.knockout_questions):
            name = f"ko_{i}"
            if q.answer.strip().casefold() in YES_NO:
                self.fields[name] = forms.ChoiceField(
                    label=q.question,
                    choices=[("Yes", "Yes"), ("No", "No")],
                    widget=forms.RadioSelect,
                    required=required,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=q.question, max_length=200, required=required
                )
            self.fields[name].error_messages["required"] = "Answer this knock-out question."
            self.fields[name].help_text = f"Required answer: {q.answer}"
            self.knockouts.append(self[name])
        for prefix, texts, bucket in (
            ("must", profile.must_haves, self.musts),
            ("nice", profile.nice_to_haves, self.nices),
        ):
            for i, text in enumerate(texts):
                rating, note = f"{prefix}_{i}_rating", f"{prefix}_{i}_note"
                self.fields[rating] = forms.TypedChoiceField(
                    label=text,
                    choices=RATING_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.fields[note] = forms.CharField(
                    label=f"Note on “{text}”", max_length=300, required=False
                )
                bucket.append((self[rating], self[note]))
        self.order_fields([n for n in self.fields if n != "summary"] + ["summary"])

    def clean(self):
        data = super().clean()
        if not self.completing:
            return data
        for i, _q in enumerate(self.profile.knockout_questions):
            if not (data.get(f"ko_{i}") or "").strip() and f"ko_{i}" not in self.errors:
                self.add_error(f"ko_{i}", "Answer this knock-out question.")
        for i, _text in enumerate(self.profile.must_haves):
            if data.get(f"must_{i}_rating") is None and f"must_{i}_rating" not in self.errors:
                self.add_error(f"must_{i}_rating", "Rate this must-have from 1 to 4.")
            note = f"must_{i}_note"
            if not (data.get(note) or "").strip() and note not in self.errors:
                self.add_error(f"must_{i}_note", "Add a short note on why.")
        if not (data.get("summary") or "").strip() and "summary" not in self.errors:
            self.add_error("summary", "Write a short summary for the hiring manager.")
        return data


def reason_choices(side: str | None = None):
    rows = DispositionReason.objects.filter(is_active=True)
    if side:
        rows = rows.filter(side=side)
    return rows


def add_brief_reason_fields(form, *, profile, required: bool, widget=forms.RadioSelect) -> None:
    """The reason against the brief on a rejecting form (issue 21): one choice per must-have
    ("Lacks …") and nice-to-have of `profile`, or "something the brief does not name" with a
    short text. Required of the hiring manager; `pipeline.brief_check` checks it again."""
    choices = brief_reason_choices(profile)
    if widget is not forms.RadioSelect:
        choices = [("", "Choose…"), *choices]
    form.fields["against_brief"] = forms.ChoiceField(
        label="Against the brief",
        choices=choices,
        widget=widget,
        required=required,
        help_text="What the candidate lacks as the agreement states it, or what it does not name.",
        error_messages={
            "required": "Say what the candidate lacks against the brief, or that it is "
            "something the brief does not name.",
            "invalid_choice": "Choose what the brief says the candidate lacks.",
        },
    )
    form.fields["against_brief_text"] = forms.CharField(
        label="What the brief does not name",
        max_length=TEXT_MAX,
        required=False,
        help_text="In a few words, when the reason is not in the brief.",
    )


def brief_reason_of(form) -> BriefReason | None:
    """The cleaned reason against the brief of a form with `add_brief_reason_fields`."""
    choice = form.cleaned_data.get("against_brief") or ""
    text = form.cleaned_data.get("against_brief_text") or ""
    return BriefReason(choice, text if choice == UNNAMED else "") if choice else None


class MoveForm(SafeForm):
    """A card's move: where to, and why when closing it (and, on a rejection by the hiring
    side, the reason against the brief: any choice here, `pipeline.brief_check` checks it
    against the version in force)."""

    to_stage = forms.CharField(max_length=20)
    reason = forms.ModelChoiceField(
        queryset=DispositionReason.objects.none(), required=False, empty_label="Reason…"
    )
    note = forms.CharField(max_length=500, required=False)
    against_brief = forms.CharField(max_length=20, required=False)
    against_brief_text = forms.CharField(max_length=TEXT_MAX, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reason_choices()
        self.fields["reason"].error_messages["invalid_choice"] = "Choose a reason from the list."


class DecisionForm(SafeForm):
    """The hiring manager's answer on a submitted candidate: advance (with a note). Rejecting
    and asking are the subclasses below, each with the fields that answer needs — required
    where they are, so no label says "optional" of something that is not (issue 25, finding
    11). `decision_form` picks the one a POST names."""

    ADVANCE, REJECT, ASK = "advance", "reject", "ask"

    action = forms.ChoiceField(
        choices=[(ADVANCE, "Advance"), (REJECT, "Reject"), (ASK, "Ask the recruiter")],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label="Note", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectDecisionForm(DecisionForm):
    """Reject with a reason: one radio per reason, numbered for the keyboard (R, the
    reason's number, Enter)."""

    reason = forms.ModelChoiceField(
        queryset=DispositionReason.objects.none(),
        label="Reason",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Give a reason: nobody is rejected without one.",
            "invalid_choice": "Choose a reason from the list.",
        },
    )
    field_order = ["action", "reason", "against_brief", "against_brief_text", "note"]

    def __init__(self, *args, profile=None, brief_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reason_choices(DispositionReason.Side.OURS)
        add_brief_reason_fields(self, profile=profile, required=brief_required)
        self.order_fields(self.field_order)


class AskDecisionForm(DecisionForm):
    note = None
    question = forms.CharField(
        label="Your question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write your question for the recruiter."},
    )


def decision_form(data=None, *, action: str | None = None, profile=None, brief_required=False):
    """The form for the decision `data` (a POST) names, or for `action` when unbound; a
    rejection's offers the reasons of the brief `profile`."""
    action = (data or {}).get("action", action)
    initial = {"action": action or DecisionForm.ADVANCE}
    if action == DecisionForm.REJECT:
        return RejectDecisionForm(
            data, initial=initial, profile=profile, brief_required=brief_required
        )
    form_class = AskDecisionForm if action == DecisionForm.ASK else DecisionForm
    return form_class(data, initial=initial)


class AnswerForm(SafeForm):
    answer = forms.CharField(
        label="Your answer", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ShortlistSubmitForm(SafeForm):
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one screened candidate to submit."},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = queryset


SORTS = {
    "name": ("candidate__name", "Name"),
    "stage": ("stage", "Stage"),
    "days": ("stage_changed_at", "Days in stage"),
    "source": ("source", "Source"),
    "added": ("created_at", "Added"),
}


class ListFilterForm(SafeForm):
    sort = forms.ChoiceField(required=False, choices=[(k, v[1]) for k, v in SORTS.items()])
    dir = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])
    stage = forms.ChoiceField(required=False, choices=[("", "All stages"), *Stage.choices])
    # The list's page; the board's column shown further ("show more") and how far.
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    column = forms.RegexField(required=False, regex=r"^(closed|[a-z]+|interview:\d{1,2})$")
    shown = forms.IntegerField(required=False, min_value=0, max_value=100_000)

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "days"

    def clean_dir(self):
        return self.cleaned_data.get("dir") or "desc"


class FillForm(SafeForm):
    """The confirmation that a search is filled. With nobody hired in Accord, HR confirms it
    was filled outside Accord, with a note for the journal (issue 25, finding 5)."""

    required_when = {"note": "when it was filled outside Accord"}

    outside = forms.BooleanField(
        required=False, label="It was filled outside Accord (nobody here was hired)"
    )
    note = forms.CharField(
        max_length=250,
        required=False,
        label="How was it filled?",
        help_text="The team reads this in the journal, e.g. an internal move.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs_outside: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_outside = needs_outside
        if not needs_outside:
            del self.fields["outside"]
            del self.fields["note"]

    def clean(self):
        cleaned = super().clean()
        if self.needs_outside:
            if not cleaned.get("outside"):
                self.add_error(
                    "outside", "Nobody is hired in Accord: confirm it was filled outside."
                )
            elif not cleaned.get("note", "").strip():
                self.add_error("note", "Say how it was filled, so the team knows.")
        return cleaned


class BriefProposalForm(SafeForm):
    """The brief check's proposal (issue 21): which change the next version makes, and the
    must-have's words where it has them (`pipeline.recalibration` applies and checks it)."""

    change = forms.ChoiceField(
        label="The change to propose",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the change the new version makes."},
    )
    words = forms.CharField(
        label="The must-have, in the brief's words",
        max_length=TEXT_MAX,
        required=False,
        help_text="For a new or reworded must-have.",
    )

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        offered = {p.change: p.label for p in finding.proposals()}
        generic = [("add", "Add a must-have")]
        generic += [(f"reword:{i}", f"Reword “{t}”") for i, t in enumerate(finding.must_haves)]
        generic += [
            (f"promote:{i}", f"Make “{t}” a must-have") for i, t in enumerate(finding.nice_to_haves)
        ]
        self.fields["change"].choices = list(offered.items()) + [
            (value, label) for value, label in generic if value not in offered
        ]
        if not self.is_bound and (first := next(iter(finding.proposals()), None)):
            self.initial.setdefault("change", first.change)
            self.initial.setdefault("words", first.words if first.change != "promote" else "")
