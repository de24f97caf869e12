"""One row of a candidates file: a person in a search at a stage, through the same form,
rules and domain functions as the pages — `pipeline.candidates.add_candidate` (the address
linked only to a record the importer may see, the journal, the talent pool's follower) and
then `pipeline.stages.move_application`, one stage at a time, with every gate and the
agreement's decision rights. A move a gate refuses refuses the whole row, with the gate's
message; nothing of it is written.

Who may import candidates: whoever may add a candidate to the row's search on its page
(`pipeline.access.can_add_candidates`: the search's recruiter — internal or agency — its HR
generalist, HR leads and admins), row by row. A search the importer cannot open is "not
found", as on the pages. A row whose `external_id` is already an application of that search
is matched and left as it is; one held by another recruiter's candidate they may not see is
refused without naming them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role
from hiring.models import Requisition
from intake.agreements import active_agreement_for
from pipeline import access
from pipeline.candidates import add_candidate
from pipeline.forms import CandidateForm
from pipeline.models import Application, DispositionReason, Source, Stage
from pipeline.stage_keys import open_stage_keys
from pipeline.stages import MoveRefused, move_application

from .columns import Column, choice_help, choice_lookup
from .models import ImportedApplication
from .verdicts import Verdict, problems_of

COLUMNS = [
    Column(
        "external_id",
        "The application's id in the system you import from; a re-run matches on it.",
        True,
        "APP-2231",
    ),
    Column(
        "requisition", "The search: its external id, or its number in Accord.", True, "REQ-1042"
    ),
    Column("name", "Their full name.", True, "Ada Lovelace"),
    Column(
        "email", "Links to a record you already see with this address.", True, "ada@example.com"
    ),
    Column("phone", "With the country code.", False, "+44 20 7946 0000"),
    Column("location", "Where they live or work.", False, "London"),
    Column("current_title", "Their job now.", False, "Staff Engineer"),
    Column("current_company", "Their employer now.", False, "Analytical Engines"),
    Column("linkedin_url", "A full address, https://…", False, ""),
    Column("portfolio_url", "A full address, https://…", False, ""),
    Column("notes", "The recruiter's notes, up to 4,000 characters.", False, ""),
    Column(
        "source",
        "Where they came from: "
        + choice_help(Source.choices)[7:]
        + " (those the search's agreement uses).",
        True,
        "Referrals",
    ),
    Column("source_detail", "Who referred them, which board, which event.", False, ""),
    Column("salary_expectation", "As the candidate put it.", False, ""),
    Column(
        "stage",
        "applied, screening, submitted, interview:1 (the plan's first round), offer, hired, "
        "rejected or withdrawn. Empty: applied. Every stage's rules apply.",
        False,
        "applied",
    ),
    Column("reason", "For rejected or withdrawn: a disposition reason (its name).", False, ""),
    Column("note", "A note on the last move.", False, ""),
]
SOURCES = choice_lookup(Source.choices)
STAGES = {**choice_lookup(Stage.choices), "submitted": Stage.SUBMITTED}
DETAIL_FIELDS = [f for f in CandidateForm.Meta.fields if f != "email"]


def may_import(user) -> bool:
    """Who may open the page: those who can run a search. Each row asks again."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_admin or user.role in (Role.RECRUITER, Role.HR_GENERALIST))
    )


class _Refused(Exception):
    def __init__(self, verdict):
        self.verdict = verdict


class Searches:
    """The searches the importer may open, by external id and by number (read per row, each
    a look-up on an index)."""

    def __init__(self, by):
        self.by = by
        self.cache: dict[str, Requisition | None] = {}

    def find(self, text: str) -> Requisition | None:
        text = text.strip().lstrip("#")
        if text not in self.cache:
            mine = Requisition.objects.visible_to(self.by).with_team()
            found = mine.filter(external_id=text).first() if text else None
            if found is None and text.isdigit() and len(text) < 10:
                found = mine.filter(pk=int(text)).first()
            self.cache[text] = found
        return self.cache[text]


def apply(data: dict, *, by, searches: Searches) -> Verdict:
    external_id = data.get("external_id", "").strip()
    if not external_id:
        return Verdict.refused("external_id", "Required: it is how a re-run finds this person.")
    if len(external_id) > 100:
        return Verdict.refused("external_id", "At most 100 characters.")
    named = data.get("requisition", "").strip()
    if not named:
        return Verdict.refused("requisition", "Required: the search this person is in.")
    requisition = searches.find(named)
    if requisition is None:
        return Verdict.refused("requisition", f"No search “{named[:60]}” that you can open.")
    if requisition.is_closed:
        return Verdict.refused(
            "requisition",
            "This search is closed: nobody is added to it any more.",
            requisition_id=requisition.pk,
        )
    if not access.can_add_candidates(requisition, by):
        return Verdict.refused(
            "requisition",
            "The search's recruiter and HR add candidates to it; you cannot.",
            requisition_id=requisition.pk,
        )
    here = Application.objects.filter(
        requisition=requisition,
        imported_as__requisition=requisition,
        imported_as__external_id=external_id,
    )
    if (held := here.select_related("candidate").first()) is not None:
        if Application.objects.visible_to(by).filter(pk=held.pk).exists():
            return Verdict.matched(
                f"Already in this search: {held.candidate.name}, {held.stage_label}; "
                "left as it is.",
                requisition=requisition,
                application=held,
            )
        return Verdict.refused(
            "external_id",
            "Another recruiter's candidate in this search has this id. Ask the search's "
            "recruiter or HR.",
            requisition_id=requisition.pk,
        )
    try:
        with transaction.atomic():
            return _add(data, external_id=external_id, requisition=requisition, by=by)
    except _Refused as refused:
        refused.verdict.requisition_id = requisition.pk
        return refused.verdict
    except IntegrityError:
        # Another import added this external id to the search at the same moment.
        return Verdict.refused(
            "external_id",
            "This external id was just imported into this search; import again.",
            requisition_id=requisition.pk,
        )


def _add(data, *, external_id, requisition, by) -> Verdict:
    agreement = active_agreement_for(requisition)
    channels = list(agreement.sourcing.get("channels", [])) if agreement else []
    plan = len(agreement.interview_plan.stages) if agreement else 0
    form_data = {name: data.get(name, "").strip() for name in CandidateForm.Meta.fields}
    for name in ("source_detail", "salary_expectation"):
        form_data[name] = data.get(name, "").strip()
    source = data.get("source", "").strip()
    form_data["source"] = SOURCES.get(source.lower(), source)
    form = CandidateForm(form_data, channels=channels)
    problems = []
    if not form.is_valid():
        for name, errors in form.errors.items():
            for message in errors:
                if name == "source" and "valid choice" in message:
                    offered = ", ".join(
                        label for value, label in form.fields["source"].choices if value
                    )
                    message = f"“{source[:40]}” is not a source of this search: {offered}."
                problems.append({"column": "" if name == "__all__" else name, "message": message})
    path, reason, stage_problems = _path(data, plan)
    problems += stage_problems
    if problems:
        raise _Refused(Verdict(outcome="refuse", problems=problems))
    cleaned = form.cleaned_data
    try:
        application = add_candidate(
            requisition=requisition,
            email=cleaned["email"],
            details={f: cleaned[f] for f in DETAIL_FIELDS},
            application={
                "source": cleaned["source"],
                "source_detail": cleaned["source_detail"],
                "salary_expectation": cleaned["salary_expectation"],
            },
            by=by,
        )
    except ValidationError as error:
        raise _Refused(Verdict(outcome="refuse", problems=problems_of(error))) from None
    ImportedApplication.objects.create(
        application=application, requisition=requisition, external_id=external_id
    )
    note = data.get("note", "").strip()
    for step, key in enumerate(path):
        last = step == len(path) - 1
        try:
            move_application(
                application=application,
                to_stage=key,
                by=by,
                reason=reason if key in (Stage.REJECTED, Stage.WITHDRAWN) else None,
                note=note if last else "",
            )
        except MoveRefused as error:
            message = " ".join(error.messages)
            raise _Refused(
                Verdict.refused(
                    "stage",
                    f"Accord stops it at {application.stage_label}: {message}",
                )
            ) from None
    return Verdict.created(
        f"Added {application.candidate.name} at {application.stage_label}.",
        requisition=requisition,
        application=application,
    )


def _path(data, plan: int):
    """The stage keys to move through, from "applied", and the disposition reason."""
    text = data.get("stage", "").strip()
    reason_text = data.get("reason", "").strip()
    if not text:
        return [], None, []
    lowered = text.lower().replace(" ", "")
    open_keys = open_stage_keys(plan)
    if lowered.startswith("interview"):
        _, _, number = lowered.partition(":")
        if not plan:
            return [], None, [_stage("This search has no interview plan in force yet.")]
        if not number.isdigit() or not 1 <= int(number) <= plan:
            return (
                [],
                None,
                [_stage(f"Write interview:1 to interview:{plan} (this search's rounds).")],
            )
        target = f"interview:{int(number) - 1}"
    else:
        target = STAGES.get(text.lower())
        if target is None:
            return [], None, [_stage(f"“{text[:40]}” is not a stage.")]
    if target in (Stage.REJECTED, Stage.WITHDRAWN):
        side = (
            DispositionReason.Side.OURS
            if target == Stage.REJECTED
            else DispositionReason.Side.CANDIDATE
        )
        reasons = DispositionReason.objects.filter(is_active=True, side=side)
        found = next(
            (r for r in reasons if reason_text.lower() in (r.label.lower(), r.code.lower())), None
        )
        if found is None:
            offered = "; ".join(r.label for r in reasons)
            return [], None, [{"column": "reason", "message": f"Give one of: {offered}."}]
        return [target], found, []
    index = open_keys.index(target)
    return open_keys[1 : index + 1], None, []


def _stage(message):
    return {"column": "stage", "message": message}
