"""The parts of an agreement: their defaults, the rules on their content, and how each
reads as labelled lines (for the version page and the diff between versions)."""

from django.core.exceptions import ValidationError
from django.db import models

from commitments.service_terms import CommitmentKind, Party

from .matrix import default_matrix, matrix_problems
from .models import (
    AgreementDefaults,
    CycleStep,
    LimitedStage,
    Signer,
    StageLimitDefault,
    term_from_row,
)
from .service_levels import SERVICE_LEVEL_KINDS, default_service_levels

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
    CALIBRATION = "calibration", "Calibration"
    STAGE_LIMITS = "stage_limits", "Stage limits"
    CONSEQUENCES = "consequences", "Agreed consequences"


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


# How long a candidate may sit in each stage before the party whose move it is owes it
# (issue 21: "with the manager 2 business days, interviewing 10"); None: no limit.
DEFAULT_STAGE_LIMITS: dict[str, dict] = {
    LimitedStage.APPLIED: {"days": None, "party": Signer.RECRUITER.value},
    LimitedStage.SCREENING: {"days": 5, "party": Signer.RECRUITER.value},
    LimitedStage.SUBMITTED: {"days": 2, "party": Signer.HIRING_MANAGER.value},
    LimitedStage.INTERVIEW: {"days": 10, "party": Signer.HIRING_MANAGER.value},
    LimitedStage.OFFER: {"days": 5, "party": Signer.HR_GENERALIST.value},
}
CALIBRATION_PROFILES = (3, 5)  # the recruiter presents 3–5 profiles


def default_stage_limits() -> dict[str, dict]:
    """The admin's StageLimitDefault rows, DEFAULT_STAGE_LIMITS for stages without one."""
    limits = {stage: dict(limit) for stage, limit in DEFAULT_STAGE_LIMITS.items()}
    for row in StageLimitDefault.objects.all():
        limits[row.stage] = {"days": row.days, "party": row.party}
    return {str(stage): limit for stage, limit in limits.items()}


def default_calibration(*, round_: bool | None = None) -> dict:
    defaults = AgreementDefaults.current()
    return {
        "round": defaults.calibration_round if round_ is None else round_,
        "round_days": defaults.calibration_days,
        "rejection_threshold": defaults.rejection_threshold,
    }


def default_consequences() -> dict:
    defaults = AgreementDefaults.current()
    lead = defaults.hr_lead
    return {
        "tell_owners_manager": defaults.tell_owners_manager,
        "hr_lead": {"id": lead.pk, "name": lead.display_name} if lead else None,
        "mark_at_risk": defaults.mark_at_risk,
    }


def fill_new_parts(parts: dict) -> dict:
    """A copy of a version signed before the learning parts existed, completed with the
    organisation's defaults — without a calibration round: that is for new searches."""
    filled = dict(parts)
    if not filled.get("calibration"):
        filled["calibration"] = default_calibration(round_=False)
    if not filled.get("stage_limits"):
        filled["stage_limits"] = default_stage_limits()
    if not filled.get("consequences"):
        filled["consequences"] = default_consequences()
    return filled


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
            "when_away": "deputy",
        },
        "matrix": default_matrix(),
        "calibration": default_calibration(),
        "stage_limits": default_stage_limits(),
        "consequences": default_consequences(),
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
            if kind not in SERVICE_LEVEL_KINDS:
                continue
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
            ("When someone is away", [_away(v.get("when_away"))]),
        ]
    if part == "calibration":
        return calibration_lines(v)
    if part == "stage_limits":
        return [("Stage limits", stage_limit_lines(v))]
    if part == "consequences":
        return [("After the last escalation", consequence_lines(v))]
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


def _away(value) -> str:
    return {
        "deputy": "Hand it to their stand-in",
        "pause": "Pause it until they are back",
        "escalate": "Pause it and let HR decide who holds it",
    }.get(value or "deputy", "Hand it to their stand-in")


def _text(value) -> list[str]:
    return [line for line in (value or "").splitlines() if line.strip()]


def _days(n) -> str:
    return f"{n} business day{'' if n == 1 else 's'}"


def calibration_lines(v: dict) -> list[tuple[str, list[str]]]:
    low, high = CALIBRATION_PROFILES
    if not v:
        return [("Calibration round", []), ("Decisions checked against the brief", [])]
    if v.get("round"):
        calibration = [
            f"Within {_days(v.get('round_days'))} of signing the recruiter presents "
            f"{low}–{high} profiles; the hiring manager marks each against every must-have "
            "(yes, no or close)"
        ]
    else:
        calibration = ["No calibration round"]
    n = v.get("rejection_threshold")
    return [
        ("Calibration round", calibration),
        (
            "Decisions checked against the brief",
            [
                f"Raised with the recruiter and HR after {n} rejection{'' if n == 1 else 's'} "
                "the brief does not explain"
            ]
            if n
            else [],
        ),
    ]


def stage_limit_lines(v: dict) -> list[str]:
    lines = []
    for stage, label in LimitedStage.choices:
        limit = v.get(stage) or {}
        days = limit.get("days")
        if not days:
            lines.append(f"{label}: no limit")
            continue
        party = _label(Signer, limit.get("party")).lower()
        lines.append(f"{label}: {_days(days)}, then the {party} owes the move")
    return lines


def consequence_lines(v: dict) -> list[str]:
    if not v:
        return []
    lines = []
    if v.get("tell_owners_manager"):
        lines.append("The late person's own manager is told")
    if lead := v.get("hr_lead"):
        lines.append(f"{lead.get('name')} (HR lead) is told")
    if v.get("mark_at_risk"):
        lines.append("The search shows “at risk” on the status board until the overdue work is met")
    return lines or ["Nothing beyond the escalations"]
