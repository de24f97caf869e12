"""A large employer's organisation, for benchmarks (`make bench-pages`, `make bench-insights`).

`seed_large_employer(size="large")` empties the domain tables of the current database and
writes, with bulk inserts, the shape of issue 24's independent run: 2,000 requisitions (one
big search of 2,030 applications among them), 60,000 applications, 20,000 interviews with
their scorecards, 20,000 check-ins with records and the relationship pulse, 300,000
commitments (most met, some open and overdue, some withdrawn) and 400 people, with
agreements, signatures, stage history, offers, action items, status-update requests, the
journal and notifications. `size="small"` is the same organisation at one fiftieth, for CI.

`history_days` is how far back the searches were opened (365 by default). The figures'
benchmark (`make bench-insights`) seeds two years (730): every search's candidates, and so
its interviews, reviews, feedback and offers, are spread over the time it was open, so a
period of 30, 90 or 365 days reads the share of the history a real employer's would.
Met commitments carry how long they took in business time (`Commitment.met_in`), a few
are waived, and a few late ones were handed over after their deadline (`late_owner`).

Rows are built as model instances and bulk-created (never raw INSERTs), so a column added
later with a default does not break the seeding; CI seeds the small size on every run
(`make bench-small`). Everything is derived from the row's index (no random
numbers), so two runs build the same organisation. `find_handles()` returns the people and
objects benchmarks open (the big search, a typical search, a recruiter, the HR lead, …) from
a database seeded earlier.

It lives in insights, the top floor, because it writes rows of every app. It refuses to run
on a database whose name does not contain "bench" (it truncates tables).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from checkins.models import (
    ActionItem,
    CheckIn,
    CheckInSeries,
    PulseAnswer,
    PulseSide,
    StatusUpdateRequest,
)
from checkins.records import action_item_url, record_url
from checkins.series import rrule_for
from commitments.business_time import BusinessCalendar
from commitments.models import Commitment, Notification
from commitments.service_terms import CommitmentKind, Party
from hiring.models import Activity, HiringTeamMember, Requisition, TeamRole
from intake.models import Agreement, Signature, Signer
from intake.parts import default_parts
from intake.signatures import agreement_url
from interviews.feedback import scorecard_path
from interviews.models import Interview, Offer, Recommendation, Scorecard
from interviews.offers import offer_path
from pipeline.models import (
    Application,
    Candidate,
    DispositionReason,
    ScreeningForm,
    Stage,
    StageChange,
)
from pipeline.stages import application_url, review_url

PASSWORD = "accord-bench"
LEADS = (TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER)
LEAD_JOB = {
    TeamRole.RECRUITER: Role.RECRUITER,
    TeamRole.HR_GENERALIST: Role.HR_GENERALIST,
    TeamRole.HIRING_MANAGER: Role.HIRING_MANAGER,
}
PREFIX = "le-"  # every seeded username starts with it


@dataclass(frozen=True)
class Size:
    people: int
    requisitions: int
    applications: int
    big_search: int  # applications on the one big search
    interviews: int
    checkins: int
    commitments: int


SIZES = {
    "large": Size(400, 2000, 60_000, 2030, 20_000, 20_000, 300_000),
    "small": Size(40, 40, 1_200, 200, 400, 400, 6_000),
}

# (role, agency?, share of the people)
PEOPLE_MIX = [
    (Role.RECRUITER, False, 0.08),
    (Role.RECRUITER, True, 0.02),
    (Role.HR_GENERALIST, False, 0.05),
    (Role.HIRING_MANAGER, False, 0.35),
    (Role.ADMIN, False, 0.01),
    (Role.INTERVIEWER, False, None),  # the rest
]
FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Nikhil",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aleksander",
    "Beatriz",
    "Callum",
    "Dilnoza",
]
LAST = [
    "Adeyemi",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quist",
    "Rahman",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Virtanen",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zhang",
]
TITLES = [
    "Senior Backend Engineer",
    "Product Designer",
    "Data Analyst",
    "Engineering Manager",
    "Account Executive",
    "Customer Success Manager",
    "Financial Controller",
    "SRE",
    "Mobile Engineer",
    "Recruiting Coordinator",
    "Marketing Manager",
    "Payroll Specialist",
    "Security Engineer",
    "Legal Counsel",
    "Data Scientist",
    "Office Manager",
]
DEPARTMENTS = ["Engineering", "Product", "Sales", "Finance", "People", "Operations", "Legal"]
PLACES = [
    ("London", "GB", "Europe/London", "GBP"),
    ("New York", "US", "America/New_York", "USD"),
    ("Berlin", "DE", "Europe/Berlin", "EUR"),
]
MUST_HAVES = ["Five years in the role", "Led a team through a migration", "Owns on-call"]
NICE_TO_HAVES = ["PostgreSQL", "Event-driven systems", "Mentoring", "Public speaking"]
INTERVIEW_STAGES = [
    ("Recruiter screen", 30, MUST_HAVES[2:]),
    ("Technical interview", 60, MUST_HAVES[:2]),
    ("Team and values", 45, NICE_TO_HAVES[2:3]),
]
# One search's candidates, repeated: (stage, interview round); interviews follow from it.
STAGE_PATTERN = [
    (Stage.APPLIED, None),
    (Stage.SCREENING, None),
    (Stage.REJECTED, None),
    (Stage.SUBMITTED, None),
    (Stage.APPLIED, None),
    (Stage.INTERVIEW, 0),
    (Stage.REJECTED, None),
    (Stage.SCREENING, None),
    (Stage.WITHDRAWN, None),
    (Stage.INTERVIEW, 1),
    (Stage.APPLIED, None),
    (Stage.SUBMITTED, None),
    (Stage.REJECTED, None),
    (Stage.INTERVIEW, 0),
    (Stage.SCREENING, None),
    (Stage.OFFER, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.INTERVIEW, 2),
    (Stage.SUBMITTED, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.SCREENING, None),
    (Stage.WITHDRAWN, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.SUBMITTED, None),
    (Stage.APPLIED, None),
    (Stage.REJECTED, None),
    (Stage.SCREENING, None),
]
BATCH = 5000


def _progress(out):
    started = time.perf_counter()

    def say(message: str):
        if out is not None:
            out(f"  {message:<52} {time.perf_counter() - started:6.1f} s")

    return say


@dataclass
class Handles:
    """What a benchmark opens: people by part, and the searches and objects they look at."""

    recruiter: User  # recruiter of the big search (and of many others)
    agency_recruiter: User
    hr_lead: User  # sees every search
    hiring_manager: User  # of the big search
    interviewer: User  # sits on interviews of the big search
    admin: User
    big_search: Requisition
    typical_search: Requisition
    application: Application  # on the big search, with interviews and scorecards
    interview: Interview  # ended, with submitted scorecards
    checkin: CheckIn  # held, with a record and a pulse
    counts: dict = field(default_factory=dict)


def find_handles() -> Handles:
    """The benchmark's handles in a database seeded by `seed_large_employer`."""
    users = {u.username: u for u in User.objects.filter(username__startswith=PREFIX)}
    big = Requisition.objects.filter(title__startswith="Big search").order_by("pk").first()
    typical = Requisition.objects.filter(state=Requisition.State.OPEN).exclude(pk=big.pk)
    typical = typical.order_by("pk")[typical.count() // 2]
    team = {m.role: m.user for m in big.team_members.select_related("user")}
    interview = (
        Interview.objects.filter(
            requisition=big, scorecards__state=Scorecard.State.SUBMITTED, ends_at__lt=_now()
        )
        .order_by("-ends_at")
        .first()
    )
    panel = interview.interviewers.exclude(pk=team[TeamRole.HIRING_MANAGER].pk).first()
    checkin = (
        CheckIn.objects.filter(requisition=big, state=CheckIn.State.HELD)
        .order_by("-starts_at")
        .first()
    )
    return Handles(
        recruiter=team[TeamRole.RECRUITER],
        agency_recruiter=User.objects.filter(username__startswith=PREFIX, role=Role.RECRUITER)
        .exclude(agency_name="")
        .order_by("pk")
        .first(),
        hr_lead=users[f"{PREFIX}hr-001"],
        hiring_manager=team[TeamRole.HIRING_MANAGER],
        interviewer=panel or team[TeamRole.HIRING_MANAGER],
        admin=users[f"{PREFIX}admin-001"],
        big_search=big,
        typical_search=typical,
        application=interview.application,
        interview=interview,
        checkin=checkin,
        counts=counts(),
    )


def counts() -> dict[str, int]:
    return {
        "people": User.objects.filter(username__startswith=PREFIX).count(),
        "requisitions": Requisition.objects.count(),
        "applications": Application.objects.count(),
        "interviews": Interview.objects.count(),
        "scorecards": Scorecard.objects.count(),
        "check-ins": CheckIn.objects.count(),
        "commitments": Commitment.objects.count(),
        "open commitments": Commitment.objects.open().count(),
        "journal entries": Activity.objects.count(),
    }


def _now() -> datetime:
    return timezone.now().replace(second=0, microsecond=0)


# Every table the seeding writes (and the ones that point at them), emptied first. Reference
# rows made by migrations (disposition reasons, templates, default matrix) are kept.
def _domain_tables() -> list[str]:
    keep = {
        "pipeline.dispositionreason",
        "intake.responsibilitytemplatestep",
        "intake.serviceleveldefault",
        "interviews.messagetemplate",
        "interviews.offerdeclinereason",
    }
    tables = []
    for label in (
        "hiring",
        "outbox",
        "commitments",
        "intake",
        "pipeline",
        "interviews",
        "checkins",
        "privacy",
    ):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in keep and model._meta.managed:
                tables.append(model._meta.db_table)
    return tables


def reset():
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        raise RuntimeError("Seed on PostgreSQL, in a database whose name contains 'bench'.")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_domain_tables())} RESTART IDENTITY CASCADE")
    User.objects.filter(username__startswith=PREFIX).delete()


def seed_large_employer(
    *, size: str = "large", history_days: int = 365, out: Callable[[str], None] | None = None
):
    """Empty the domain tables and write the organisation of `SIZES[size]` with
    `history_days` of history; return the handles. See the module docstring."""
    shape = SIZES[size]
    say = _progress(out)
    reset()
    seeder = _Seeder(shape, _now(), history_days=history_days)
    with transaction.atomic():
        seeder.people()
        say(f"{len(seeder.users):,} people")
        seeder.requisitions()
        say(f"{len(seeder.reqs):,} requisitions, teams, agreements, signatures")
        seeder.applications()
        say(f"{len(seeder.apps):,} applications, candidates, stage history, screening")
        seeder.interviews()
        say(f"{len(seeder.interview_rows):,} interviews, scorecards, offers")
        seeder.checkins()
        say(f"{len(seeder.checkin_rows):,} check-ins, pulse, action items, status requests")
        seeder.commitments()
        say(f"{seeder.commitment_count:,} commitments")
        seeder.journal_and_bell()
        say("journal and notifications")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say("analysed")
    return find_handles()


class _Seeder:
    def __init__(self, shape: Size, now: datetime, history_days: int = 365):
        self.shape, self.now = shape, now
        self.history_days = history_days
        # Candidates spread over each search's open time (else over the last 100 days).
        self.spread = history_days > 365
        self.users: list[User] = []
        self.by_role: dict[str, list[User]] = {}
        self.reqs: list[Requisition] = []
        self.team: dict[int, dict[str, User]] = {}  # requisition → lead role → user
        self.panel: dict[int, list[User]] = {}  # requisition → interviewers
        self.agreements: list[Agreement] = []
        self.apps: list[Application] = []
        self.interview_rows: list[Interview] = []
        self.panels: dict[int, list[User]] = {}  # interview → its panel
        self.offers: list[Offer] = []
        self.checkin_rows: list[CheckIn] = []
        self.action_items: list[ActionItem] = []
        self.status_requests: list[StatusUpdateRequest] = []
        self.commitment_count = 0

    # --- people ----------------------------------------------------------------------
    def people(self):
        password = make_password(PASSWORD)
        total = self.shape.people
        rows, n = [], 0
        for role, agency, share in PEOPLE_MIX:
            count = max(1, round(total * share)) if share else total - len(rows)
            label = {
                Role.RECRUITER: "agency" if agency else "recruiter",
                Role.HR_GENERALIST: "hr",
                Role.HIRING_MANAGER: "manager",
                Role.INTERVIEWER: "interviewer",
                Role.ADMIN: "admin",
            }[role]
            for i in range(1, count + 1):
                first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
                n += 1
                rows.append(
                    User(
                        username=f"{PREFIX}{label}-{i:03d}",
                        password=password,
                        email=f"{label}{i}@bench.example",
                        first_name=first,
                        last_name=last,
                        role=role,
                        agency_name=f"Agency {i % 3 + 1}" if agency else "",
                        job_title=label.title(),
                        is_staff=role == Role.ADMIN,
                        is_superuser=role == Role.ADMIN,
                    )
                )
        self.users = User.objects.bulk_create(rows, batch_size=BATCH)
        for user in self.users:
            key = "agency" if user.agency_name else user.role
            self.by_role.setdefault(key, []).append(user)
        hr_leads, _ = Group.objects.get_or_create(name="HR leads")
        hr_leads.permissions.add(Permission.objects.get(codename="view_all_requisitions"))
        hr = self.by_role[Role.HR_GENERALIST]
        hr_leads.user_set.add(*hr[: max(1, len(hr) // 5)])

    def _pick(self, role: str, i: int) -> User:
        people = self.by_role[role]
        return people[i % len(people)]

    # --- requisitions, teams, agreements --------------------------------------------
    def requisitions(self):
        n, now = self.shape.requisitions, self.now
        rows = []
        for i in range(n):
            place, country, zone, currency = PLACES[i % len(PLACES)]
            if i == 0:
                state, title = Requisition.State.OPEN, "Big search: Customer Support Agent"
            else:
                state = _state_of(i)
                title = f"{TITLES[i % len(TITLES)]} #{i:04d}"
            age = 5 + (i * 37) % (self.history_days - 5)
            created = now - timedelta(days=120 if i == 0 else age)
            opened = created + timedelta(days=3) if state != Requisition.State.DRAFT else None
            closed = None
            if state in (Requisition.State.FILLED, Requisition.State.CANCELLED):
                closed = min(opened + timedelta(days=30 + i % 60), now - timedelta(days=1))
            rows.append(
                Requisition(
                    title=title,
                    department=DEPARTMENTS[i % len(DEPARTMENTS)],
                    location=place,
                    country=country,
                    time_zone=zone,
                    headcount=1 + (i % 5 == 0),
                    salary_min=40_000 + (i % 9) * 5_000,
                    salary_max=60_000 + (i % 9) * 7_000,
                    salary_currency=currency,
                    state=state,
                    opened_at=opened,
                    closed_at=closed,
                    held_by_party=TeamRole.HIRING_MANAGER
                    if state == Requisition.State.ON_HOLD
                    else "",
                    created_by=self._pick(Role.RECRUITER, i),
                    created_at=created,
                )
            )
        self.reqs = Requisition.objects.bulk_create(rows, batch_size=BATCH)
        members = []
        for i, req in enumerate(self.reqs):
            lead = {
                TeamRole.RECRUITER: self._pick("agency", i)
                if i % 10 == 7
                else self._pick(Role.RECRUITER, i),
                TeamRole.HR_GENERALIST: self._pick(Role.HR_GENERALIST, i),
                TeamRole.HIRING_MANAGER: self._pick(Role.HIRING_MANAGER, i),
            }
            self.team[req.pk] = lead
            self.panel[req.pk] = [self._pick(Role.INTERVIEWER, 3 * i + k) for k in range(3)]
            for role, user in lead.items():
                members.append(
                    HiringTeamMember(requisition=req, user=user, role=role, added_at=req.created_at)
                )
            for user in self.panel[req.pk]:
                members.append(
                    HiringTeamMember(
                        requisition=req,
                        user=user,
                        role=TeamRole.INTERVIEWER,
                        added_at=req.created_at,
                    )
                )
        HiringTeamMember.objects.bulk_create(members, batch_size=BATCH)
        self._agreements()

    def _parts(self, req: Requisition, version: int) -> dict:
        parts = default_parts(req)
        parts["role_profile"].update(
            must_haves=MUST_HAVES,
            nice_to_haves=NICE_TO_HAVES,
            qualifications="Degree or equivalent experience.",
            team_description=f"The {req.department} team in {req.location}.",
            past_hires="People who grew from doing the work to owning it.",
            knockout_questions=[{"question": "Right to work here?", "answer": "Yes"}],
            shortlist_size=4 + version,
        )
        panel = self.panel[req.pk]
        parts["interview_plan"] = {
            "stages": [
                {
                    "name": name,
                    "length_minutes": minutes,
                    "focus_areas": focus,
                    "interviewers": [
                        {"id": p.pk, "name": p.display_name} for p in panel[k : k + 2]
                    ],
                }
                for k, (name, minutes, focus) in enumerate(INTERVIEW_STAGES)
            ]
        }
        parts["sourcing"] = {
            "channels": ["job_boards", "referrals"],
            "target_companies": ["Northwind", "Contoso"],
            "notes": "Referral bonus doubled.",
        }
        return parts

    def _agreements(self):
        rows = []
        for i, req in enumerate(self.reqs):
            if req.state == Requisition.State.DRAFT:
                continue
            recruiter = self.team[req.pk][TeamRole.RECRUITER]
            versions = 2 if i % 3 == 0 else 1
            for version in range(1, versions + 1):
                sent = req.opened_at - timedelta(days=2) + timedelta(days=20 * (version - 1))
                last = version == versions
                rows.append(
                    Agreement(
                        requisition=req,
                        version=version,
                        state=Agreement.State.ACTIVE if last else Agreement.State.SUPERSEDED,
                        created_by=recruiter,
                        created_at=sent - timedelta(days=1),
                        sent_at=sent,
                        sent_by=recruiter,
                        activated_at=sent + timedelta(days=1),
                        closed_at=None if last else sent + timedelta(days=20),
                        **self._parts(req, version),
                    )
                )
        self.agreements = Agreement.objects.bulk_create(rows, batch_size=1000)
        signatures = []
        for agreement in self.agreements:
            team = self.team[agreement.requisition_id]
            for k, party in enumerate(
                (Signer.RECRUITER, Signer.HIRING_MANAGER, Signer.HR_GENERALIST)
            ):
                signatures.append(
                    Signature(
                        agreement=agreement,
                        party=party,
                        signer=team[party],
                        signed_at=agreement.sent_at + timedelta(hours=3 + 5 * k),
                    )
                )
        Signature.objects.bulk_create(signatures, batch_size=BATCH)

    # --- candidates and applications ------------------------------------------------
    def applications(self):
        shape, now = self.shape, self.now
        reasons = {
            side: DispositionReason.objects.filter(side=side).order_by("position", "pk").first()
            for side in DispositionReason.Side.values
        }
        live = [r for r in self.reqs if r.state != Requisition.State.DRAFT]
        big, others = live[0], live[1:]
        per, extra = divmod(shape.applications - shape.big_search, len(others))
        plan = [(big, shape.big_search)] + [
            (r, per + (1 if k < extra else 0)) for k, r in enumerate(others)
        ]
        number = 0
        for start in range(0, len(plan), 100):
            candidates, apps = [], []
            for req, count in plan[start : start + 100]:
                filled = req.state == Requisition.State.FILLED
                for k in range(count):
                    number += 1
                    stage, round_ = STAGE_PATTERN[k % len(STAGE_PATTERN)]
                    if filled and k == 15:
                        stage = Stage.HIRED
                    if req.is_closed and stage not in (Stage.HIRED, *_CLOSED):
                        stage, round_ = Stage.REJECTED, None
                    age = (k * 13) % 90 + 1
                    created = max(req.opened_at, now - timedelta(days=age + 10))
                    if self.spread and req.pk != big.pk:
                        window = (req.closed_at or now) - req.opened_at
                        created = req.opened_at + window * ((k * 13) % 97) / 100
                    changed = created + timedelta(days=min(age, 9), hours=k % 8)
                    changed = min(changed, now - timedelta(hours=1 + k % 30))
                    if self.spread and req.closed_at:
                        changed = min(changed, req.closed_at - timedelta(hours=1 + k % 30))
                        changed = max(changed, created)
                    reason = None
                    if stage == Stage.REJECTED:
                        reason = reasons[DispositionReason.Side.OURS]
                    elif stage == Stage.WITHDRAWN:
                        reason = reasons[DispositionReason.Side.CANDIDATE]
                    candidate = Candidate(
                        name=f"{FIRST[number % len(FIRST)]} {LAST[(number // 30) % len(LAST)]}",
                        email=f"c{number}@candidates.example",
                        phone=f"+44 20 7946 {number % 10000:04d}",
                        location=req.location,
                        current_title=TITLES[(number * 5) % len(TITLES)],
                        current_company=f"Company {number % 500}",
                        created_by=self.team[req.pk][TeamRole.RECRUITER],
                        created_at=created,
                    )
                    candidates.append(candidate)
                    past_screening = stage not in (Stage.APPLIED, Stage.SCREENING)
                    apps.append(
                        Application(
                            requisition=req,
                            candidate=candidate,
                            stage=stage,
                            interview_round=round_,
                            interview_stage_name=INTERVIEW_STAGES[round_][0]
                            if round_ is not None
                            else "",
                            stage_changed_at=changed,
                            source=("job_boards", "referrals", "inbound")[k % 3],
                            sourced_by=self.team[req.pk][TeamRole.RECRUITER],
                            submitted_at=changed - timedelta(days=2)
                            if past_screening and stage != Stage.WITHDRAWN
                            else None,
                            question_open=stage == Stage.SUBMITTED and k % 4 == 3,
                            disposition_reason=reason,
                            closed_at=changed if reason else None,
                            created_at=created,
                        )
                    )
            Candidate.objects.bulk_create(candidates, batch_size=BATCH)
            Application.objects.bulk_create(apps, batch_size=BATCH)
            self.apps.extend(apps)
            self._history(apps)

    def _history(self, apps):
        changes, forms = [], []
        for app in apps:
            recruiter = self.team[app.requisition_id][TeamRole.RECRUITER]
            changes.append(
                StageChange(
                    application=app,
                    to_stage=Stage.APPLIED,
                    to_label=Stage.APPLIED.label,
                    by=recruiter,
                    at=app.created_at,
                )
            )
            if app.stage != Stage.APPLIED:
                changes.append(
                    StageChange(
                        application=app,
                        from_stage=Stage.APPLIED,
                        from_label=Stage.APPLIED.label,
                        to_stage=app.stage,
                        to_round=app.interview_round,
                        to_label=app.stage_label,
                        by=recruiter,
                        at=app.stage_changed_at,
                        reason=app.disposition_reason,
                    )
                )
            if app.stage != Stage.APPLIED:
                done = app.stage != Stage.SCREENING
                forms.append(
                    ScreeningForm(
                        application=app,
                        agreement_version=1,
                        knockout_answers=[
                            {"question": "Right to work here?", "expected": "Yes", "answer": "Yes"}
                        ],
                        must_have_ratings=[
                            {"criterion": c, "rating": 3, "note": "Seen in production."}
                            for c in MUST_HAVES
                        ],
                        nice_to_have_ratings=[
                            {"criterion": c, "rating": None, "note": ""} for c in NICE_TO_HAVES
                        ],
                        summary="Strong on every must-have." if done else "",
                        completed_at=app.stage_changed_at if done else None,
                        completed_by=recruiter if done else None,
                    )
                )
        StageChange.objects.bulk_create(changes, batch_size=BATCH)
        ScreeningForm.objects.bulk_create(forms, batch_size=BATCH)

    # --- interviews, scorecards, offers -------------------------------------------
    def interviews(self):
        now, target = self.now, self.shape.interviews
        wanted = []  # (application, round)
        for app in self.apps:
            if app.stage == Stage.INTERVIEW:
                wanted.extend((app, r) for r in range(app.interview_round + 1))
            elif app.stage in (Stage.OFFER, Stage.HIRED):
                wanted.extend((app, r) for r in range(len(INTERVIEW_STAGES)))
        rejected = [a for a in self.apps if a.stage == Stage.REJECTED and a.submitted_at]
        wanted.extend((a, 0) for a in rejected[: max(0, target - len(wanted))])
        wanted = wanted[:target]
        rows = []
        for k, (app, round_) in enumerate(wanted):
            name, minutes, focus = INTERVIEW_STAGES[round_]
            current = app.stage == Stage.INTERVIEW and round_ == app.interview_round
            if current and k % 3 == 0:
                starts = now + timedelta(days=1 + k % 9, hours=k % 6)  # coming up
            else:
                starts = app.stage_changed_at - timedelta(days=2 * (3 - round_))
                starts = min(starts, now - timedelta(hours=2 + k % 40))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            rows.append(
                Interview(
                    requisition_id=app.requisition_id,
                    application=app,
                    stage_index=round_,
                    stage_name=name,
                    focus_areas=focus,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=minutes),
                    location="https://meet.example.com/interview",
                    notes="Ask about the last migration they led.",
                    scheduled_by=self.team[app.requisition_id][TeamRole.RECRUITER],
                    feedback_opened_at=starts + timedelta(minutes=minutes)
                    if starts < now
                    else None,
                    created_at=starts - timedelta(days=3),
                )
            )
        self.interview_rows = Interview.objects.bulk_create(rows, batch_size=BATCH)
        through = Interview.interviewers.through
        links, scorecards = [], []
        for k, interview in enumerate(self.interview_rows):
            req = interview.requisition_id
            panel = [
                self.panel[req][k % 3],
                self.team[req][TeamRole.HIRING_MANAGER]
                if interview.stage_index
                else self.panel[req][(k + 1) % 3],
            ]
            self.panels[interview.pk] = panel
            for person in panel:
                links.append(through(interview_id=interview.pk, user_id=person.pk))
            if interview.ends_at >= self.now:
                continue
            for j, person in enumerate(panel):
                missing = interview.application.stage == Stage.INTERVIEW and (k + j) % 5 == 0
                if missing:
                    continue  # feedback still owed: an open commitment below
                scorecards.append(
                    Scorecard(
                        interview=interview,
                        author=person,
                        ratings=[
                            {"area": a, "rating": 2 + (k + j) % 3, "note": "Clear examples."}
                            for a in interview.focus_areas
                        ],
                        recommendation=(Recommendation.YES, Recommendation.STRONG_YES)[(k + j) % 2]
                        if interview.application.stage != Stage.REJECTED
                        else Recommendation.NO,
                        notes="Walked through the design with trade-offs.",
                        state=Scorecard.State.SUBMITTED,
                        submitted_at=interview.ends_at + timedelta(hours=3 + j),
                        updated_at=interview.ends_at + timedelta(hours=3 + j),
                    )
                )
        through.objects.bulk_create(links, batch_size=BATCH)
        Scorecard.objects.bulk_create(scorecards, batch_size=BATCH)
        offers = []
        for k, app in enumerate(self.apps):
            if app.stage not in (Stage.OFFER, Stage.HIRED):
                continue
            hr = self.team[app.requisition_id][TeamRole.HR_GENERALIST]
            hired = app.stage == Stage.HIRED
            state = (
                Offer.State.ACCEPTED
                if hired
                else (Offer.State.PREPARING, Offer.State.EXTENDED)[k % 2]
            )
            prepared = state != Offer.State.PREPARING
            offers.append(
                Offer(
                    application=app,
                    requisition_id=app.requisition_id,
                    state=state,
                    salary=55_000,
                    salary_currency="GBP",
                    start_date=(self.now + timedelta(days=45)).date(),
                    prepared_by=hr if prepared else None,
                    prepared_at=app.stage_changed_at if prepared else None,
                    extended_by=hr if prepared else None,
                    extended_at=app.stage_changed_at + timedelta(hours=4) if prepared else None,
                    closed_by=hr if hired else None,
                    closed_at=app.stage_changed_at + timedelta(days=2) if hired else None,
                    created_at=app.stage_changed_at,
                )
            )
        self.offers = Offer.objects.bulk_create(offers, batch_size=BATCH)

    # --- check-ins, pulse, action items, status-update requests ---------------------
    def checkins(self):
        now = self.now
        series_reqs = [r for r in self.reqs if r.state != Requisition.State.DRAFT]
        active = sum(1 for r in series_reqs if r.state == Requisition.State.OPEN)
        # Past occurrences per series, so that with ~8 weeks ahead on the active ones the
        # total is the size's number of check-ins.
        per = max(1, round((self.shape.checkins - 8 * active) / len(series_reqs)))
        series_rows = []
        for req in series_reqs:
            zone = ZoneInfo(req.time_zone)
            first = _weekday_at(req.opened_at + timedelta(days=4), 1, clock(10, 0), zone)
            if req.is_closed:
                state = CheckInSeries.State.ENDED
            elif req.state == Requisition.State.ON_HOLD:
                state = CheckInSeries.State.SUSPENDED
            else:
                state = CheckInSeries.State.ACTIVE
            series_rows.append(
                CheckInSeries(
                    requisition=req,
                    agreement_version=1,
                    rrule=rrule_for("weekly", 1),
                    starts_at=first,
                    until=req.closed_at,
                    time_zone=req.time_zone,
                    duration_minutes=30,
                    channel="video",
                    leader_party=Party.RECRUITER,
                    attendee_parties=[
                        str(r) for r in (Party.RECRUITER, Party.HR_GENERALIST, Party.HIRING_MANAGER)
                    ],
                    state=state,
                    created_at=req.opened_at,
                    ended_at=req.closed_at,
                )
            )
        series = CheckInSeries.objects.bulk_create(series_rows, batch_size=BATCH)
        rows = []
        for i, s in enumerate(series):
            req = s.requisition
            # Active series reach 8 weeks ahead less a few days, so the daily roll-forward
            # has its usual work (about one new occurrence a week per series).
            if s.state == CheckInSeries.State.ACTIVE:
                end = now + timedelta(weeks=8) - timedelta(days=i % 7)
            else:
                end = min(req.closed_at or now, now)
            slots, at = [], s.starts_at
            while at < end:
                slots.append(at)
                at += timedelta(weeks=1)  # same wall-clock time in the series' zone
            past = [t for t in slots if t < now][-per:]
            starts = past + [t for t in slots if t >= now]
            weeks_ahead = len(starts) - len(past)
            for j, start in enumerate(starts):
                if start < now - timedelta(minutes=30):
                    if j == len(starts) - weeks_ahead - 1 and i % 4 == 0:
                        state = CheckIn.State.SCHEDULED  # just passed: the record is owed
                    elif j % 10 == 9:
                        state = CheckIn.State.MISSED
                    elif j % 13 == 12:
                        state = CheckIn.State.CANCELLED
                    else:
                        state = CheckIn.State.HELD
                else:
                    state = CheckIn.State.SCHEDULED
                past_one = start < now
                recorded = state in (CheckIn.State.HELD, CheckIn.State.MISSED)
                rows.append(
                    CheckIn(
                        series=s,
                        requisition=req,
                        recurrence_id=start,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=30),
                        state=state,
                        record_opened_at=start + timedelta(minutes=30) if past_one else None,
                        recorded_at=start + timedelta(hours=2) if recorded else None,
                        recorded_by=self.team[req.pk][TeamRole.RECRUITER] if recorded else None,
                        progress="Three candidates in interviews; one offer out."
                        if state == CheckIn.State.HELD
                        else "",
                        blockers="Scorecards come in late." if j % 3 == 0 and recorded else "",
                        missed_reason="The hiring manager was travelling."
                        if state == CheckIn.State.MISSED
                        else "",
                        cancel_reason="Public holiday." if state == CheckIn.State.CANCELLED else "",
                        snapshot={"stages": {"applied": 6, "screening": 5, "interview": 4}}
                        if state == CheckIn.State.HELD
                        else {},
                    )
                )
        self.checkin_rows = CheckIn.objects.bulk_create(rows, batch_size=BATCH)
        last = {}
        for c in self.checkin_rows:
            last[c.series_id] = max(last.get(c.series_id, c.starts_at), c.starts_at)
        for s in series:
            s.generated_until = last.get(s.pk)
        CheckInSeries.objects.bulk_update(series, ["generated_until"], batch_size=1000)
        pulses, items = [], []
        for k, c in enumerate(self.checkin_rows):
            if c.state != CheckIn.State.HELD:
                continue
            team = self.team[c.requisition_id]
            for person, side in (
                (team[TeamRole.RECRUITER], PulseSide.RECRUITING),
                (team[TeamRole.HIRING_MANAGER], PulseSide.HIRING),
            ):
                pulses.append(
                    PulseAnswer(
                        checkin=c,
                        requisition_id=c.requisition_id,
                        person=person,
                        side=side,
                        score=2 + (k + len(side)) % 4,
                        comment="Feedback came quickly this week." if k % 5 == 0 else "",
                        answered_at=c.ends_at + timedelta(hours=1),
                    )
                )
            if k % 2 == 0:
                owner = team[(TeamRole.RECRUITER, TeamRole.HIRING_MANAGER)[k % 4 // 2]]
                due = (c.starts_at + timedelta(days=3)).date()
                items.append(
                    ActionItem(
                        checkin=c,
                        requisition_id=c.requisition_id,
                        text="Send two more profiles from the referral list.",
                        owner=owner,
                        due_on=due,
                        created_by=team[TeamRole.RECRUITER],
                        created_at=c.ends_at,
                        done_at=None if k % 10 == 0 else c.ends_at + timedelta(days=2),
                        done_note="" if k % 10 == 0 else "Done.",
                    )
                )
        PulseAnswer.objects.bulk_create(pulses, batch_size=BATCH)
        self.action_items = ActionItem.objects.bulk_create(items, batch_size=BATCH)
        requests = []
        for req in self.reqs:
            if req.state == Requisition.State.DRAFT:
                continue
            end = (req.closed_at or now).date()
            day = _friday_on_or_before(end)
            while day > req.opened_at.date() and (end - day).days <= 70:  # ten weeks
                requests.append(StatusUpdateRequest(requisition=req, due_on=day))
                day -= timedelta(weeks=1)
        self.status_requests = StatusUpdateRequest.objects.bulk_create(requests, batch_size=BATCH)

    # --- commitments --------------------------------------------------------------
    def commitments(self):
        now = self.now
        ct = {
            m: ContentType.objects.get_for_model(m).pk
            for m in (
                Agreement,
                Application,
                Interview,
                CheckIn,
                ActionItem,
                StatusUpdateRequest,
                Offer,
            )
        }
        reqs = {r.pk: r for r in self.reqs}
        rows: list[Commitment] = []
        calendars = {}

        def calendar(req) -> BusinessCalendar:
            key = (req.time_zone, req.country)
            if key not in calendars:
                calendars[key] = BusinessCalendar.for_requisition(req)
            return calendars[key]

        def add(
            kind,
            req_id,
            owner,
            party,
            model,
            subject_id,
            title,
            url,
            started,
            term_hours,
            open_=False,
            withdrawn=False,
            k=0,
        ):
            due = started + timedelta(hours=term_hours * 3)  # business hours ≈ 3 × wall hours
            req = reqs[req_id]
            if open_ and req.is_closed:
                open_, withdrawn = False, True
            row = Commitment(
                kind=kind,
                requisition_id=req_id,
                owner=owner,
                party=party,
                subject_type_id=ct[model],
                subject_id=subject_id,
                title=title[:200],
                url=url,
                started_at=started,
                due_at=due,
                nudge_at=due - timedelta(hours=4) if term_hours > 4 else None,
                escalate_at=due + timedelta(days=1),
                second_escalate_at=due + timedelta(days=3),
                created_at=started,
            )
            if withdrawn:
                row.state = Commitment.State.WITHDRAWN
                row.withdrawn_at = min(started + timedelta(hours=5), now)
                row.withdrawn_reason = "The interview was moved."
            elif open_:
                sent = [s for s, at in row.ladder() if at <= now]
                row.last_step = max(sent) if sent else 0
                row.next_step_at = row.next_step_after(row.last_step)
                if req.state == Requisition.State.ON_HOLD:
                    row.paused_at, row.next_step_at = req.closed_at or now, None
                    row.paused_remaining = due - now
            elif k % 37 == 11 and party in LEADS:
                # Released with a reason by HR (a candidate who withdrew by phone, …).
                row.state = Commitment.State.WAIVED
                row.waived_at = min(started + timedelta(hours=2), now)
                row.waived_by = self.team[req_id][TeamRole.HR_GENERALIST]
                row.waived_reason = "The candidate withdrew by phone."
            else:
                row.state = Commitment.State.MET
                late = k % 4 == 0
                row.met_at = min(
                    due + timedelta(hours=6) if late else due - timedelta(hours=2 + k % 9), now
                )
                row.met_at = max(row.met_at, started + timedelta(minutes=5))
                row.met_in = calendar(req).between(started, row.met_at)
                if late and k % 53 == 1 and party in LEADS:
                    # Handed over after its deadline: the lateness stays with whoever held it.
                    row.late_owner = self._pick(LEAD_JOB[party], k + 1)
            rows.append(row)

        R, H, M = TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER
        for k, a in enumerate(self.agreements):
            team = self.team[a.requisition_id]
            for j, party in enumerate(
                (Signer.RECRUITER, Signer.HIRING_MANAGER, Signer.HR_GENERALIST)
            ):
                add(
                    CommitmentKind.SIGN_AGREEMENT,
                    a.requisition_id,
                    team[party],
                    party,
                    Agreement,
                    a.pk,
                    f"Sign agreement v{a.version}",
                    agreement_url(a),
                    a.sent_at,
                    16,
                    k=k + j,
                )
            if a.version == 1:
                add(
                    CommitmentKind.PRESENT_SHORTLIST,
                    a.requisition_id,
                    team[R],
                    R,
                    Agreement,
                    a.pk,
                    "Present the first shortlist",
                    f"/requisitions/{a.requisition_id}/shortlist/",
                    a.activated_at,
                    80,
                    k=k,
                )
        for k, app in enumerate(self.apps):
            team = self.team[app.requisition_id]
            name = app.candidate.name
            if app.submitted_at:
                open_ = app.stage == Stage.SUBMITTED and not app.question_open
                add(
                    CommitmentKind.REVIEW_CANDIDATE,
                    app.requisition_id,
                    team[M],
                    M,
                    Application,
                    app.pk,
                    f"Review {name}",
                    review_url(app),
                    app.submitted_at,
                    16,
                    open_=open_,
                    k=k,
                )
            if app.stage == Stage.REJECTED:
                add(
                    CommitmentKind.INFORM_CANDIDATE,
                    app.requisition_id,
                    team[R],
                    R,
                    Application,
                    app.pk,
                    f"Tell {name} the outcome",
                    application_url(app),
                    app.stage_changed_at,
                    24,
                    open_=k % 7 == 0 and app.stage_changed_at > now - timedelta(days=6),
                    k=k,
                )
        submitted = {
            (s.interview_id, s.author_id)
            for s in Scorecard.objects.only("interview_id", "author_id")
        }
        for k, interview in enumerate(self.interview_rows):
            if interview.ends_at >= now:
                continue
            for person in self.panels[interview.pk]:
                party = (
                    M
                    if person.pk == self.team[interview.requisition_id][M].pk
                    else TeamRole.INTERVIEWER
                )
                add(
                    CommitmentKind.INTERVIEW_FEEDBACK,
                    interview.requisition_id,
                    person,
                    party,
                    Interview,
                    interview.pk,
                    f"Scorecard for {interview.application.candidate.name}",
                    scorecard_path(interview),
                    interview.ends_at,
                    8,
                    open_=(interview.pk, person.pk) not in submitted,
                    k=k,
                )
        for k, offer in enumerate(self.offers):
            team = self.team[offer.requisition_id]
            add(
                CommitmentKind.PREPARE_OFFER,
                offer.requisition_id,
                team[H],
                H,
                Offer,
                offer.pk,
                f"Prepare the offer for {offer.application.candidate.name}",
                offer_path(offer.application),
                offer.created_at,
                16,
                open_=offer.state == Offer.State.PREPARING,
                k=k,
            )
        for k, c in enumerate(self.checkin_rows):
            if c.record_opened_at is None or c.state == CheckIn.State.CANCELLED:
                continue
            team = self.team[c.requisition_id]
            add(
                CommitmentKind.RECORD_CHECKIN,
                c.requisition_id,
                team[R],
                R,
                CheckIn,
                c.pk,
                "Record the check-in",
                record_url(c),
                c.ends_at,
                8,
                open_=c.state == CheckIn.State.SCHEDULED,
                k=k,
            )
        for k, item in enumerate(self.action_items):
            party = R if item.owner_id == self.team[item.requisition_id][R].pk else M
            add(
                CommitmentKind.ACTION_ITEM,
                item.requisition_id,
                item.owner,
                party,
                ActionItem,
                item.pk,
                f"Action item: {item.text}",
                action_item_url(item),
                item.created_at,
                24,
                open_=item.done_at is None,
                k=k,
            )
        for k, request in enumerate(self.status_requests):
            req = reqs[request.requisition_id]
            zone = ZoneInfo(req.time_zone)
            started = datetime.combine(request.due_on, clock(9, 0), tzinfo=zone)
            add(
                CommitmentKind.STATUS_UPDATE,
                req.pk,
                self.team[req.pk][R],
                R,
                StatusUpdateRequest,
                request.pk,
                "Send this week's status update",
                f"/requisitions/{req.pk}/status-update/",
                started,
                3,
                open_=k % 9 == 0 and started > now - timedelta(days=7),
                k=k,
            )
        # Rescheduled interviews, superseded versions, hand-overs: withdrawn promises, which
        # the pages and figures must leave out, up to the size's total.
        feedback = [r for r in rows if r.kind == CommitmentKind.INTERVIEW_FEEDBACK]
        k = 0
        while len(rows) < self.shape.commitments and feedback:
            base = feedback[k % len(feedback)]
            started = base.started_at - timedelta(days=1 + k // len(feedback))
            add(
                base.kind,
                base.requisition_id,
                base.owner,
                base.party,
                Interview,
                base.subject_id,
                base.title,
                base.url,
                started,
                8,
                withdrawn=True,
                k=k,
            )
            k += 1
        for start in range(0, len(rows), 20_000):
            Commitment.objects.bulk_create(rows[start : start + 20_000], batch_size=BATCH)
        self.commitment_count = len(rows)

    # --- the journal and the bell -------------------------------------------------
    def journal_and_bell(self):
        entries = []
        for req in self.reqs:
            team = self.team[req.pk]
            entries.append(
                Activity(
                    requisition=req,
                    actor=team[TeamRole.RECRUITER],
                    kind="created",
                    summary=f"Opened {req.title}",
                    created_at=req.created_at,
                )
            )
        for app in self.apps:
            recruiter = self.team[app.requisition_id][TeamRole.RECRUITER]
            entries.append(
                Activity(
                    requisition_id=app.requisition_id,
                    actor=recruiter,
                    kind="candidate_added",
                    summary=f"Added {app.candidate.name}",
                    details={"application": app.pk},
                    created_at=app.created_at,
                )
            )
            if app.stage != Stage.APPLIED:
                entries.append(
                    Activity(
                        requisition_id=app.requisition_id,
                        actor=recruiter,
                        kind="candidate_moved",
                        summary=f"Moved {app.candidate.name} to {app.stage_label}",
                        details={"application": app.pk},
                        created_at=app.stage_changed_at,
                    )
                )
        for interview in self.interview_rows:
            entries.append(
                Activity(
                    requisition_id=interview.requisition_id,
                    actor=self.team[interview.requisition_id][TeamRole.RECRUITER],
                    kind="interview_scheduled",
                    summary=f"Scheduled {interview.stage_name} with "
                    f"{interview.application.candidate.name}",
                    details={"interview": interview.pk},
                    created_at=interview.created_at,
                )
            )
        for c in self.checkin_rows:
            if c.recorded_at:
                entries.append(
                    Activity(
                        requisition_id=c.requisition_id,
                        actor=c.recorded_by,
                        kind="checkin_recorded",
                        summary=f"Recorded the check-in of {c.starts_at:%d %b}",
                        details={"checkin": c.pk},
                        created_at=c.recorded_at,
                    )
                )
        for start in range(0, len(entries), 20_000):
            Activity.objects.bulk_create(entries[start : start + 20_000], batch_size=BATCH)
        bell = []
        for k, user in enumerate(self.users):
            for j in range(30):
                req = self.reqs[(k * 7 + j) % len(self.reqs)]
                bell.append(
                    Notification(
                        recipient=user,
                        requisition=req,
                        level=("info", "warning", "danger")[j % 3],
                        text=f"“Review a candidate” on {req.title} is due in 4 business hours.",
                        url=f"/requisitions/{req.pk}/",
                        created_at=self.now - timedelta(hours=5 * j + k % 5),
                        read_at=None if j < 4 else self.now - timedelta(hours=5 * j),
                    )
                )
        Notification.objects.bulk_create(bell, batch_size=BATCH)


_CLOSED = (Stage.REJECTED, Stage.WITHDRAWN)


def _state_of(i: int) -> str:
    """70% open, 5% on hold, 15% filled, 8% cancelled, 2% draft, spread evenly."""
    slot = i % 100
    if slot < 70:
        return Requisition.State.OPEN
    if slot < 75:
        return Requisition.State.ON_HOLD
    if slot < 90:
        return Requisition.State.FILLED
    if slot < 98:
        return Requisition.State.CANCELLED
    return Requisition.State.DRAFT


def _weekday_at(moment, weekday, at, zone, backwards=False) -> datetime:
    """The first `weekday` at `at` (wall clock of `zone`) on or after `moment` (or on or
    before it, `backwards`)."""
    day: date = moment.astimezone(zone).date()
    step = -1 if backwards else 1
    while day.weekday() != weekday:
        day += timedelta(days=step)
    return datetime.combine(day, at, tzinfo=zone)


def _friday_on_or_before(day: date) -> date:
    while day.weekday() != 4:
        day -= timedelta(days=1)
    return day
