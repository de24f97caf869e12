"""What the API answers, field by field (the OpenAPI schema is generated from these)."""

from datetime import date, datetime

from ninja import Schema


class Person(Schema):
    id: int
    name: str
    email: str


class TeamMember(Schema):
    role: str
    person: Person


class Requisition(Schema):
    id: int
    title: str
    department: str
    location: str
    country: str
    time_zone: str
    headcount: int
    employment_type: str
    priority: str
    state: str
    target_start_date: date | None
    opened_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    # Only for those who may see the band (`Requisition.salary_visible_to`), as on the page.
    salary_band: str | None
    team: list[TeamMember]
    url: str


class RequisitionPage(Schema):
    items: list[Requisition]
    next_cursor: str | None


class Commitment(Schema):
    id: int
    requisition_id: int
    kind: str
    title: str
    party: str
    owner: Person
    state: str
    started_at: datetime
    due_at: datetime
    is_overdue: bool
    met_at: datetime | None
    url: str


class CommitmentPage(Schema):
    items: list[Commitment]
    next_cursor: str | None


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class TeamIn(Schema):
    recruiter: int
    hr_generalist: int
    hiring_manager: int
    interviewers: list[int] = []


class RequisitionIn(Schema):
    """The fields of the "New requisition" form, validated by that same form."""

    title: str
    department: str
    location: str
    country: str | None = None
    time_zone: str | None = None
    headcount: int = 1
    employment_type: str = "full_time"
    priority: str = "normal"
    target_start_date: date | None = None
    opening_reason: str = "new_role"
    reason_detail: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str | None = None
    salary_shared_with_agency: bool = False
    team: TeamIn


class StageChange(Schema):
    from_stage: str
    to_stage: str
    to_label: str
    at: datetime
    by: Person | None
    reason: str | None
    note: str


class Candidate(Schema):
    id: int
    name: str
    email: str
    current_title: str
    current_company: str
    location: str


class Application(Schema):
    id: int
    requisition_id: int
    candidate: Candidate
    stage: str
    stage_key: str
    stage_label: str
    stage_changed_at: datetime
    source: str
    # Only for those who see it on the candidate's page.
    salary_expectation: str | None
    has_resume: bool
    created_at: datetime
    history: list[StageChange]
    url: str


class ApplicationPage(Schema):
    items: list[Application]
    next_cursor: str | None


class CandidateIn(Schema):
    """The fields of the "Add a candidate" form (a résumé is added on the page)."""

    name: str
    email: str
    phone: str = ""
    location: str = ""
    current_title: str = ""
    current_company: str = ""
    linkedin_url: str = ""
    portfolio_url: str = ""
    notes: str = ""
    source: str
    source_detail: str = ""
    salary_expectation: str = ""


class MoveIn(Schema):
    """A move, as the candidate's page sends it: `to_stage` is a stage key ("screening",
    "submitted", "interview:0", "offer", "hired", "rejected", "withdrawn"…); closing needs a
    disposition `reason` (its id)."""

    to_stage: str
    reason: int | None = None
    note: str = ""
    against_brief: str = ""
    against_brief_text: str = ""


class AgreementField(Schema):
    label: str
    lines: list[str]


class AgreementSection(Schema):
    part: str
    title: str
    fields: list[AgreementField]


class Agreement(Schema):
    """The version in force, in the sections the reader may see (as on the Agreement tab:
    an interviewer reads the interview plan only; the budget follows the salary rule)."""

    requisition_id: int
    version: int
    activated_at: datetime | None
    sections: list[AgreementSection]


class Interview(Schema):
    id: int
    application_id: int
    candidate_name: str
    stage_name: str
    # What the panel rates, in order: a scorecard's `ratings` name these.
    focus_areas: list[str]
    starts_at: datetime
    ends_at: datetime
    location: str
    state: str
    interviewers: list[Person]


class InterviewPage(Schema):
    items: list[Interview]
    next_cursor: str | None


class Rating(Schema):
    area: str
    rating: int | None
    note: str


class Scorecard(Schema):
    id: int
    interview_id: int
    author: Person
    state: str
    recommendation: str
    ratings: list[Rating]
    notes: str
    submitted_at: datetime | None


class Scorecards(Schema):
    """Your own scorecards of the candidate, and the others' once you may read them
    (`interviews.feedback.may_see_others`): `others_held` says they are held back."""

    mine: list[Scorecard]
    others: list[Scorecard]
    others_held: bool


class CheckIn(Schema):
    id: int
    requisition_id: int
    starts_at: datetime
    ends_at: datetime
    state: str
    recorded_at: datetime | None
    recorded_by: Person | None
    progress: str
    blockers: str
    missed_reason: str


class CheckInPage(Schema):
    items: list[CheckIn]
    next_cursor: str | None


class DeclineIn(Schema):
    """ "Not mine": a reason code from the kind's short list (as on the commitment's page),
    or "other" with words in `reason`."""

    reason_code: str
    reason: str = ""


class MoreTimeIn(Schema):
    """ "I need until …": a new deadline as a date and a time in the search's time zone
    (`fold`: 0 or 1 for a time that happens twice when the clocks go back), and why."""

    date: str
    time: str = "17:00"
    fold: int | None = None
    reason: str


class AnswerIn(Schema):
    """Accept (`"yes"`) or refuse (`"no"`) the pending "not mine" or request for more time;
    a `note` is needed to give it back."""

    accept: str
    note: str = ""


class ScheduledInterview(Interview):
    """The interview just scheduled, and what the page's review step would have pointed out
    (a weekend, a time outside 08:00–19:00, someone already busy): none of it blocks."""

    warnings: list[str]


class InterviewIn(Schema):
    """The fields of the "Schedule an interview" form: `stage` is the place of the stage in
    the agreed interview plan (0 for the first), `date` and `time` are in the search's time
    zone (`fold`: 0 or 1 for a time that happens twice when the clocks go back), `length`
    in minutes (30, 45, 60, 90, 120 or 180), `interviewers` people of the hiring team."""

    stage: int
    date: str
    time: str
    fold: int | None = None
    length: int = 60
    location: str
    interviewers: list[int]
    notes: str = ""


class RatingIn(Schema):
    area: str
    rating: int | None = None
    note: str = ""


class ScorecardIn(Schema):
    """A scorecard as its page sends it: a rating from 1 (weak) to 4 (strong) and an
    optional note for each of the interview's `focus_areas`, an overall `recommendation`
    ("strong_no", "no", "yes", "strong_yes") and notes."""

    ratings: list[RatingIn] = []
    recommendation: str = ""
    notes: str = ""


class SignatureOut(Schema):
    party: str
    signer: Person
    signed_at: datetime


class AgreementVersion(Schema):
    """One version of a search's agreement and the signatures that count on it."""

    requisition_id: int
    version: int
    state: str
    activated_at: datetime | None
    signatures: list[SignatureOut]


class ActIn(Schema):
    """What an action's confirmation page asks, by action: `waive` a `reason`; `give_back`
    and `mark_done` a `note` (`refuse_time` and `advance` may carry one); `reject` a
    `reason` (a disposition reason's id) with the brief's `against_brief` when the page asks
    it; `ask` a `question`. Fields an action does not ask are ignored."""

    note: str = ""
    reason: str = ""
    question: str = ""
    against_brief: str = ""
    against_brief_text: str = ""


class ActionOut(Schema):
    """One action of a commitment's kind: `audience` says whose it is ("owner", "answerer",
    "escalation"); `problem` is null when the reader may do it now."""

    name: str
    label: str
    effect: str
    audience: str
    asks: list[str]
    problem: str | None


class ActOut(Schema):
    """What was done, in the words of the confirmation page, and the commitment after it."""

    done: str
    commitment: Commitment
