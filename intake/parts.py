"""The parts of an agreement: their defaults, the rules on their content, and how each
reads as labelled lines (for the version page and the diff between versions)."""

from django.core.exceptions import ValidationError
from django.db import models

from commitments.service_terms import CommitmentKind, Party

from .matrix import default_matrix, matrix_problems
from .models import CycleStep, Signer, term_from_row
from .service_levels import default_service_levels

MUST_HAVES_MAX = 3
NICE_TO_HAVES_MAX = 5
NICE_TO_HAVES_ADVISED = 3


class Section(models.TextChoices):
    """The parts edited one form at a time on the agreement page (the matrix has its own
    grid)."""

    ROLE_PROFILE = "role_profile", "Role profile"
    INTERVIEW_PLAN = "interview_plan", "Interview plan"
    SOURCING = "sourcing", "Sourcing strategy"
    BUDGET = "budget", "Budget and timeline"
    SERVICE_LEVELS = "service_levels", "Service levels"
    COMMUNICATION = "communication", "Communication plan"


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class MeetingChannel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"


class SourcingChannel(models.TextChoices):
    JOB_BOARDS = "job_boards", "Job boards"
    REFERRALS = "referrals", "Employee referrals"
    AGENCY = "agency", "Agency"
    DIRECT_SEARCH = "direct_search", "Direct search"
    INTERNAL = "internal", "Internal candidates"
    SOCIAL = "social", "Social media"
    EVENTS = "events", "Events and meet-ups"


def default_parts(requisition) -> dict[str, dict]:
    """What a first draft starts from: the organisation's templates and the requisition."""
    return {
        "role_profile": {
            "must_haves": [],
            "nice_to_haves": [],
            "qualifications": "",
            "team_description": "",
            "past_hires": "",
            "knockout_questions": [],
            "shortlist_size": 3,
        },
        "interview_plan": {"stages": []},
        "sourcing": {"channels": [], "target_companies": [], "notes": ""},
        "budget": {
            "salary_min": _int_or_none(requisition.salary_min),
            "salary_max": _int_or_none(requisition.salary_max),
            "salary_currency": requisition.salary_currency,
            "target_shortlist_date": None,
            "target_start_date": requisition.target_start_date.isoformat()
            if requisition.target_start_date
            else None,
        },
        "service_levels": default_service_levels(),
        "communication": {
            "checkin_cadence": Cadence.WEEKLY.value,
            "checkin_weekday": Weekday.TUESDAY.value,
            "checkin_time": "10:00",
            "checkin_channel": MeetingChannel.VIDEO.value,
            "checkin_leader_party": Signer.RECRUITER.value,
            "status_update_party": Signer.RECRUITER.value,
            "status_update_weekday": Weekday.FRIDAY.value,
            "status_update_content": "Candidates per stage, next steps, blockers.",
        },
        "matrix": default_matrix(),
    }


def _int_or_none(value):
    return None if value is None else int(value)


# --- rules on content ---------------------------------------------------------------------
def validate_role_profile(profile: dict) -> list[str]:
    """Raise ValidationError({field: message}) on a broken rule; return the warnings."""
    errors = {}
    must = profile.get("must_haves") or []
    nice = profile.get("nice_to_haves") or []
    if not must:
        errors["must_haves"] = "List at least one must-have."
    elif len(must) > MUST_HAVES_MAX:
        errors["must_haves"] = (
            f"Keep it to {MUST_HAVES_MAX} must-haves at most; you listed {len(must)}. "
            "Move the rest to the nice-to-haves."
        )
    if len(nice) > NICE_TO_HAVES_MAX:
        errors["nice_to_haves"] = (
            f"Keep it to {NICE_TO_HAVES_MAX} nice-to-haves at most; you listed {len(nice)}."
        )
    if errors:
        raise ValidationError(errors)
    warnings = []
    if len(nice) < NICE_TO_HAVES_ADVISED:
        warnings.append(
            f"Three to five nice-to-haves are advised; there {'is' if len(nice) == 1 else 'are'} "
            f"{len(nice)}."
        )
    return warnings


def sending_problems(agreement) -> list[str]:
    """What stops this draft from going out for signature."""
    problems = []
    try:
        validate_role_profile(agreement.role_profile)
    except ValidationError as error:
        problems += [f"Role profile: {m}" for m in error.messages]
    broken = matrix_problems(agreement.matrix)
    if broken:
        names = ", ".join(CycleStep(step).label.lower() for step in broken)
        problems.append(
            f"Responsibility matrix: {len(broken)} step{'s' if len(broken) > 1 else ''} "
            f"break{'' if len(broken) > 1 else 's'} the rule (exactly one A, at least one R): "
            f"{names}."
        )
    return problems


# --- reading a part as labelled lines -----------------------------------------------------
def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def part_lines(part: str, value: dict) -> list[tuple[str, list[str]]]:
    """[(label, lines)] for one part: what the version page shows and the diff compares."""
    v = value or {}
    if part == "role_profile":
        return [
            ("Must-haves", list(v.get("must_haves", []))),
            ("Nice-to-haves", list(v.get("nice_to_haves", []))),
            ("Qualifications", _text(v.get("qualifications"))),
            ("What the team does", _text(v.get("team_description"))),
            ("Past successful hires", _text(v.get("past_hires"))),
            (
                "Knock-out questions",
                [f"{q['question']} → {q['answer']}" for q in v.get("knockout_questions", [])],
            ),
            ("Shortlist size", [str(v.get("shortlist_size", ""))]),
        ]
    if part == "interview_plan":
        lines = []
        for number, stage in enumerate(v.get("stages", []), start=1):
            people = ", ".join(p["name"] for p in stage.get("interviewers", [])) or "nobody yet"
            focus = ", ".join(stage.get("focus_areas", [])) or "—"
            lines.append(
                f"{number}. {stage['name']} · {stage.get('length_minutes', '?')} min · "
                f"focus: {focus} · interviewers: {people}"
            )
        return [("Stages", lines)]
    if part == "sourcing":
        return [
            ("Channels", [_label(SourcingChannel, c) for c in v.get("channels", [])]),
            ("Target companies", list(v.get("target_companies", []))),
            ("Notes", _text(v.get("notes"))),
        ]
    if part == "budget":
        low, high = v.get("salary_min"), v.get("salary_max")
        band = ""
        if low is not None or high is not None:
            band = (
                f"{v.get('salary_currency', '')} "
                f"{'…' if low is None else f'{low:,}'} – {'…' if high is None else f'{high:,}'}"
            )
        return [
            ("Salary band", [band] if band else []),
            (
                "Target shortlist date",
                [v["target_shortlist_date"]] if v.get("target_shortlist_date") else [],
            ),
            ("Target start date", [v["target_start_date"]] if v.get("target_start_date") else []),
        ]
    if part == "service_levels":
        lines = []
        for kind, label in CommitmentKind.choices:
            term = term_from_row(kind, v.get(kind))
            lines.append(f"{label}: {_label(Party, term.owner_party)}, {term}")
        return [("Service levels", lines)]
    if part == "communication":
        return [
            (
                "Check-ins",
                [
                    f"{_label(Cadence, v.get('checkin_cadence'))} on "
                    f"{_label(Weekday, v.get('checkin_weekday'))} at {v.get('checkin_time')}, "
                    f"{_label(MeetingChannel, v.get('checkin_channel')).lower()}, led by the "
                    f"{_label(Signer, v.get('checkin_leader_party')).lower()}"
                ],
            ),
            (
                "Status updates",
                [
                    f"From the {_label(Signer, v.get('status_update_party')).lower()} to the "
                    f"hiring manager every {_label(Weekday, v.get('status_update_weekday'))}"
                ],
            ),
            ("Each update contains", _text(v.get("status_update_content"))),
        ]
    if part == "matrix":
        lines = []
        for step, label in CycleStep.choices:
            cells = v.get(step, {})
            shown = ", ".join(
                f"{party_label} {cells.get(party) or '–'}" for party, party_label in Signer.choices
            )
            lines.append(f"{label}: {shown}")
        return [("Responsibilities", lines)]
    raise ValueError(f"Unknown part {part!r}")


def _text(value) -> list[str]:
    return [line for line in (value or "").splitlines() if line.strip()]
