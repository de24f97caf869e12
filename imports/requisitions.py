"""One row of a requisitions file: a search with its team, through the same form, rules and
domain functions as the "New requisition" page (`hiring.lifecycle.create_requisition`, which
journals it and calls `hiring.team.assign_hiring_team` and its followers).

A row whose `external_id` is already a search's is matched and left as it is: a re-run of
the same file creates nothing twice. Only HR leads and admins import searches (they see
every search, so a match never tells them of a search they could not open).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.models import User
from hiring.forms import RequisitionForm, TeamForm
from hiring.lifecycle import create_requisition
from hiring.models import Requisition

from .columns import Column, choice_help, choice_lookup
from .verdicts import Verdict, problems_of

E = Requisition.EmploymentType
P = Requisition.Priority
O = Requisition.OpeningReason  # noqa: E741

COLUMNS = [
    Column(
        "external_id",
        "Its id in the system you import from; a re-run matches on it.",
        True,
        "REQ-1042",
    ),
    Column("title", "The role's title.", True, "Senior Backend Engineer"),
    Column("department", "The team or department that hires.", True, "Engineering"),
    Column("location", "Where the person will work.", True, "Berlin"),
    Column("country", "Two letters (ISO 3166), e.g. DE. Empty: the organisation's.", False, "DE"),
    Column("time_zone", "e.g. Europe/Berlin. Empty: the organisation's.", False, "Europe/Berlin"),
    Column("headcount", "How many people, 1 to 500. Empty: 1.", False, "1"),
    Column("employment_type", choice_help(E.choices) + ". Empty: full-time.", False, "Full-time"),
    Column("priority", choice_help(P.choices) + ". Empty: normal.", False, "High"),
    Column("target_start_date", "YYYY-MM-DD, not in the past.", False, ""),
    Column("opening_reason", choice_help(O.choices) + ". Empty: new role.", False, "Team growth"),
    Column("reason_detail", "More about the reason.", False, ""),
    Column("salary_min", "Whole number.", False, "70000"),
    Column("salary_max", "Whole number, at least salary_min.", False, "90000"),
    Column("salary_currency", "Three letters, e.g. EUR. Empty: the organisation's.", False, "EUR"),
    Column("recruiter", "Username or email of a recruiter in Accord.", True, "recruiter"),
    Column("hr_generalist", "Username or email of an HR generalist in Accord.", True, "hr"),
    Column("hiring_manager", "Username or email of a hiring manager in Accord.", True, "manager"),
    Column("interviewers", "Usernames or emails, separated by ; (optional).", False, "interviewer"),
]
CHOICES = {
    "employment_type": (choice_lookup(E.choices), E.FULL_TIME),
    "priority": (choice_lookup(P.choices), P.NORMAL),
    "opening_reason": (choice_lookup(O.choices), O.NEW_ROLE),
}
PEOPLE = ("recruiter", "hr_generalist", "hiring_manager")


def may_import(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_admin or user.is_hr_lead)


class People:
    """Active people by username and by email (lower case), read once per chunk."""

    def __init__(self):
        self.by_key: dict[str, User | None] = {}
        for person in User.objects.filter(is_active=True).only(
            "pk", "username", "email", "role", "first_name", "last_name", "is_active"
        ):
            self.by_key[person.username.lower()] = person
            email = (person.email or "").lower()
            if email:
                # Two people with one address: the address names nobody.
                self.by_key[email] = None if email in self.by_key else person

    def find(self, text: str) -> User | None:
        return self.by_key.get(text.strip().lower())


def existing(external_ids) -> dict[str, Requisition]:
    """The searches already imported under these ids (one query per chunk)."""
    found = Requisition.objects.filter(external_id__in=[e for e in external_ids if e])
    return {r.external_id: r for r in found}


def apply(data: dict, *, by, people: People, known: dict) -> Verdict:
    """Check one row and, when it passes, create the search and its team. Raises nothing:
    the verdict says created, matched or refused, and why."""
    external_id = data.get("external_id", "").strip()
    if not external_id:
        return Verdict.refused("external_id", "Required: it is how a re-run finds this search.")
    if len(external_id) > 100:
        return Verdict.refused("external_id", "At most 100 characters.")
    if (found := known.get(external_id)) is not None:
        return Verdict.matched(
            f"Already in Accord as “{found.title}” ({found.get_state_display().lower()}); "
            "left as it is.",
            requisition=found,
        )
    form_data, problems = _form_data(data)
    team_data, team_problems = _team_data(data, people)
    problems += team_problems
    form = RequisitionForm(form_data, user=by)
    team_form = TeamForm(team_data)
    form_ok, team_ok = form.is_valid(), team_form.is_valid()
    problems += _form_problems(form) + _form_problems(team_form, skip=_columns_of(team_problems))
    if problems or not (form_ok and team_ok):
        return Verdict(outcome="refuse", problems=problems or [_unknown()])
    try:
        requisition = create_requisition(
            data={**form.cleaned_data, "external_id": external_id},
            team=team_form.cleaned_data,
            created_by=by,
        )
    except IntegrityError:
        # Another import made a search of this external id at the same moment.
        return Verdict.refused(
            "external_id", "A search of this external id was just imported; import again."
        )
    except PermissionDenied as error:
        return Verdict.refused("", str(error))
    except ValidationError as error:
        return Verdict(outcome="refuse", problems=problems_of(error))
    return Verdict.created(f"Drafted “{requisition.title}”.", requisition=requisition)


def _form_data(data: dict) -> tuple[dict, list]:
    problems = []
    out = {
        name: data.get(name, "").strip()
        for name in (
            "title",
            "department",
            "location",
            "country",
            "time_zone",
            "headcount",
            "target_start_date",
            "reason_detail",
            "salary_min",
            "salary_max",
            "salary_currency",
        )
    }
    out["country"] = (out["country"] or settings.ACCORD_DEFAULT_COUNTRY).upper()
    out["time_zone"] = out["time_zone"] or settings.TIME_ZONE
    out["salary_currency"] = (out["salary_currency"] or settings.ACCORD_DEFAULT_CURRENCY).upper()
    out["headcount"] = out["headcount"] or "1"
    for name, (lookup, default) in CHOICES.items():
        text = data.get(name, "").strip()
        if not text:
            out[name] = default
        elif text.lower() in lookup:
            out[name] = lookup[text.lower()]
        else:
            problems.append({"column": name, "message": f"“{text[:60]}” is not {_help(name)}"})
            out[name] = default
    return out, problems


def _help(name):
    return next(c.help for c in COLUMNS if c.name == name).split(". Empty")[0]


def _team_data(data: dict, people: People) -> tuple[dict, list]:
    team, problems = {}, []
    for part in PEOPLE:
        text = data.get(part, "").strip()
        if not text:
            continue  # the form says it is required
        person = people.find(text)
        if person is None:
            problems.append(
                {"column": part, "message": f"No active person “{text[:60]}” in Accord."}
            )
        else:
            team[part] = str(person.pk)
    names = [n.strip() for n in data.get("interviewers", "").replace(",", ";").split(";")]
    chosen = []
    for text in (n for n in names if n):
        person = people.find(text)
        if person is None:
            problems.append(
                {"column": "interviewers", "message": f"No active person “{text[:60]}” in Accord."}
            )
        else:
            chosen.append(str(person.pk))
    team["interviewers"] = chosen
    return team, problems


def _columns_of(problems) -> set:
    return {p["column"] for p in problems}


def _form_problems(form, skip=()) -> list:
    found = []
    for name, errors in form.errors.items():
        column = "" if name == "__all__" else name
        if column in skip:
            continue
        for message in errors:
            if "valid choice" in message and column in PEOPLE + ("interviewers",):
                message = f"This person cannot be the {column.replace('_', ' ')} of a search."
            found.append({"column": column, "message": str(message)})
    return found


def _unknown():
    return {"column": "", "message": "This row could not be read."}
