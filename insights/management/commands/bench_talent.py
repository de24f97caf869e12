"""`make bench-talent`: the talent pool at 60,000 people (issue 22).

Seeds (once, then reuses) a pool of people with generated résumés of several hundred words
each in searches of eight departments — the rows the pages read: candidates, applications,
résumé texts and their pool documents — and builds the full-text index the way a deployment
does (the weighted vectors in one UPDATE, the GIN index, the word counts of find similar),
printing the build time and the index's size. Then, under gunicorn as `make run` serves
(bench_pages' Server and measure: 8 clients, paired with /healthz?only=database), p50/p95 of
a keyword search, a filtered search and find similar from 10 people. Target on this 2-core
machine: p95 ≤ 300 ms each.

--size large: 60,000 people; small: 2,000 (in `make bench-small`). Refuses a database whose
name does not contain "bench".
"""

from __future__ import annotations

import os
import random
import time
from urllib.parse import urlencode

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from config.bulk_insert import insert_rows
from hiring.models import Requisition, TeamRole
from pipeline.models import Application, Candidate, DispositionReason, Resume, Source, Stage
from talent.indexing import SEARCH_CONFIG
from talent.models import Outcome, PoolDocument, ResumeText
from talent.similar import refresh_term_stats

from .bench_pages import TIMING, Page, Server
from .bench_pages import Command as PagesCommand

SIZES = {"large": 60_000, "small": 2_000}
P95 = 300.0
DEPARTMENTS = {
    "Engineering": ["Backend engineer", "Frontend engineer", "Site reliability engineer"],
    "Data": ["Data analyst", "Data engineer", "Machine learning engineer"],
    "Sales": ["Account executive", "Sales development representative"],
    "Customer Success": ["Customer success manager", "Support lead"],
    "Finance": ["Financial analyst", "Payroll specialist"],
    "People": ["HR business partner", "Talent acquisition partner"],
    "Marketing": ["Content marketer", "Growth marketer"],
    "Design": ["Product designer", "UX researcher"],
}
SKILLS = {
    "Engineering": "python django rust go kubernetes terraform postgresql kafka redis grpc "
    "microservices observability oncall ledger payments reconciliation typescript react",
    "Data": "sql dbt airflow spark pandas statistics forecasting tableau looker bigquery "
    "snowflake experimentation regression pytorch features pipelines",
    "Sales": "prospecting pipeline quota negotiation salesforce outbound enterprise saas "
    "discovery closing forecasting territory renewals",
    "Customer Success": "onboarding retention churn renewals zendesk escalations nps "
    "playbooks adoption expansion health-scores",
    "Finance": "budgeting ifrs audit consolidation payroll accruals netsuite variance "
    "treasury forecasting reconciliation",
    "People": "recruiting onboarding engagement compensation benefits employee-relations "
    "workday policies coaching performance",
    "Marketing": "seo content campaigns hubspot copywriting analytics brand paid-social "
    "lifecycle email funnels",
    "Design": "figma prototyping research usability accessibility design-systems "
    "interaction wireframes journeys",
}
COMMON = [
    "worked",
    "with",
    "the",
    "team",
    "to",
    "deliver",
    "results",
    "for",
    "customers",
    "and",
    "stakeholders",
    "across",
    "the",
    "business",
    "improving",
    "quality",
    "speed",
    "and",
    "collaboration",
    "while",
    "mentoring",
    "colleagues",
    "and",
    "communicating",
    "clearly",
    "in",
    "a",
    "fast",
    "moving",
    "environment",
]
COMPANIES = [
    "Monzo",
    "Wise",
    "Revolut",
    "Ocado",
    "Deliveroo",
    "Skyscanner",
    "Zopa",
    "Starling",
    "Cazoo",
    "Babylon",
]
FIRST = "Ada Ben Cleo Dev Ema Finn Gia Hugo Ivy Jon Kai Lea Max Nia Oli Pia Raj Sia Tom Uma"
LAST = "Patel Smith Okafor Weiss Tanaka Silva Haddad Novak Berg Costa Khan Lee Moreau Rossi"


def _resume(rng: random.Random, name: str, department: str, title: str) -> str:
    skills = SKILLS[department].split()
    other = SKILLS[rng.choice(list(SKILLS))].split()
    lines = [name, f"{title} at {rng.choice(COMPANIES)}", "Experience"]
    for _ in range(rng.randint(5, 8)):
        words = rng.sample(COMMON, 12) + rng.sample(skills, 4) + rng.sample(other, 2)
        rng.shuffle(words)
        lines.append(f"At {rng.choice(COMPANIES)}: " + " ".join(words) + ".")
        lines.append(" ".join(rng.choices(COMMON + skills, k=24)) + ".")
    return "\n".join(lines)


class Command(PagesCommand):
    help = "The talent pool's search and find similar at 60,000 people (a *bench* database)."

    def handle(self, *args, size, **options):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        size = size if size in SIZES else "small"
        out = self.stdout.write
        if PoolDocument.objects.count() != SIZES[size]:
            self.seed(SIZES[size])
            self.build_index()
        recruiter = User.objects.get(username="bench-recruiter")
        references = list(
            PoolDocument.objects.filter(hired=True, searches__0__department="Engineering")
            .order_by("pk")
            .values_list("pk", flat=True)[:10]
        )
        pool = reverse("talent:pool")
        similar = reverse("talent:similar")
        found = [
            Page("keyword search", recruiter, f"{pool}?{urlencode({'q': 'kafka payments'})}"),
            Page(
                "filtered search",
                recruiter,
                f"{pool}?"
                + urlencode(
                    {"q": "python", "outcome": "rejected", "department": "Engineering"}
                    | {"reached": 2}
                ),
            ),
            Page(
                "find similar from 10",
                recruiter,
                f"{similar}?" + urlencode([("ref", pk) for pk in references]),
            ),
        ]
        for page in found:
            page.one_target, page.p95_target = P95, P95
        page_seconds, health_seconds, sequential = TIMING[size]
        sessions = self.sign_in({recruiter})
        server = Server()
        try:
            out(self.style.SUCCESS(f"Talent pool at {PoolDocument.objects.count():,} people"))
            out(
                f"  {'page':<30} {'one':>7} {'p50':>7} {'p95':>7} {'req/s':>6} {'ratio':>6}"
                f" {'queries':>7} {'KB':>6}   ({8} clients, {page_seconds:g} s each)"
            )
            for page in found:
                self.measure(server, page, sessions, page_seconds, health_seconds, sequential)
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            out(f"  load average {load} on {os.cpu_count()} cores; target p95 ≤ {P95:.0f} ms")
        finally:
            server.stop()

    @transaction.atomic
    def seed(self, people: int):
        """Empty the pool's tables and seed `people` candidates, one application each."""
        out = self.stdout.write
        out(f"Seeding {people:,} people with generated résumés…")
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE talent_termstat, talent_pooldocument, talent_resumetext, "
                "pipeline_stagechange, pipeline_screeningform, pipeline_reviewquestion, "
                "pipeline_application, pipeline_resume, pipeline_candidate CASCADE"
            )
        recruiter, _ = User.objects.get_or_create(
            username="bench-recruiter", defaults={"role": Role.RECRUITER, "first_name": "Bench"}
        )
        rng = random.Random(22)
        now = timezone.now()
        searches = []
        for department, titles in DEPARTMENTS.items():
            for n in range(12):
                searches.append(
                    Requisition(
                        title=f"{titles[n % len(titles)]} #{n}",
                        department=department,
                        created_by=recruiter,
                        state=Requisition.State.OPEN,
                        opened_at=now,
                    )
                )
        searches = Requisition.objects.bulk_create(searches)
        for search in searches:
            search.team_members.get_or_create(user=recruiter, role=TeamRole.RECRUITER)
        ours = DispositionReason.objects.filter(side="ours").first()
        stages = [Stage.HIRED] + [Stage.REJECTED] * 6 + [Stage.APPLIED, Stage.INTERVIEW]
        first, last = FIRST.split(), LAST.split()
        for start in range(0, people, 2000):
            count = min(2000, people - start)
            candidates = [
                Candidate(
                    name=f"{rng.choice(first)} {rng.choice(last)}",
                    email=f"bench-{start + i}@example.com",
                    created_by=recruiter,
                    created_at=now,
                )
                for i in range(count)
            ]
            insert_rows(candidates)
            resumes, applications, texts, documents = [], [], [], []
            for candidate in candidates:
                search = rng.choice(searches)
                title = search.title.split(" #")[0]
                candidate.current_title = title
                resumes.append(
                    Resume(
                        candidate=candidate,
                        file=f"resumes/bench-{candidate.pk}.pdf",
                        original_name="cv.pdf",
                        kind="pdf",
                        size=1,
                        uploaded_by=recruiter,
                        uploaded_at=now,
                    )
                )
            insert_rows(resumes)
            for candidate, resume in zip(candidates, resumes, strict=True):
                search = rng.choice(searches)
                stage = rng.choice(stages)
                interview = stage == Stage.INTERVIEW
                at = now - timezone.timedelta(days=rng.randint(1, 700))
                applications.append(
                    Application(
                        requisition=search,
                        candidate=candidate,
                        stage=stage,
                        interview_round=0 if interview else None,
                        interview_stage_name="Technical interview" if interview else "",
                        source=rng.choice([Source.JOB_BOARDS, Source.REFERRALS, Source.AGENCY]),
                        sourced_by=recruiter,
                        resume=resume,
                        disposition_reason=ours if stage == Stage.REJECTED else None,
                        closed_at=at if stage == Stage.REJECTED else None,
                        stage_changed_at=at,
                        created_at=at,
                    )
                )
                text = _resume(rng, candidate.name, search.department, candidate.current_title)
                texts.append(
                    ResumeText(resume=resume, state=ResumeText.State.READ, text=text, read_at=now)
                )
                outcome = {
                    Stage.HIRED: Outcome.HIRED,
                    Stage.REJECTED: Outcome.REJECTED,
                }.get(stage, Outcome.ACTIVE)
                searches_json = [
                    {
                        "requisition": search.pk,
                        "title": search.title,
                        "department": search.department,
                        "stage": stage,
                        "stage_label": Stage(stage).label,
                        "reason": ours.label if stage == Stage.REJECTED else "",
                        "source": "job_boards",
                        "at": at.isoformat(),
                    }
                ]
                headline = f"{candidate.current_title} at {rng.choice(COMPANIES)}"
                documents.append(
                    PoolDocument(
                        candidate=candidate,
                        name=candidate.name,
                        headline=headline,
                        skills=" ".join(rng.sample(SKILLS[search.department].split(), 3)),
                        must_haves=[],
                        strong_must_haves=[],
                        searches=searches_json,
                        search_keys=[f"r{search.pk}", f"r{search.pk}:u{recruiter.pk}"],
                        outcome=outcome,
                        reached={Stage.HIRED: 5, Stage.INTERVIEW: 3}.get(stage, 1),
                        disposition=searches_json[0]["reason"],
                        resume_text=text,
                        body=f"{candidate.name}\n{headline}\n{search.title}\n{text}",
                        hired=stage == Stage.HIRED,
                        has_open=stage in (Stage.APPLIED, Stage.INTERVIEW),
                        last_activity_at=at,
                        last_closed_at=at if stage == Stage.REJECTED else None,
                        added_at=now,
                    )
                )
            insert_rows(applications)
            ResumeText.objects.bulk_create(texts)
            PoolDocument.objects.bulk_create(documents)
        out(f"  seeded in {time.monotonic() - started:.0f} s")

    def build_index(self):
        """The weighted vectors in one UPDATE (talent.indexing.weighted_vector's weights),
        then the GIN index, then the word counts."""
        out = self.stdout.write
        weighted = (
            f"setweight(to_tsvector('{SEARCH_CONFIG}', name), 'A') || "
            f"setweight(to_tsvector('{SEARCH_CONFIG}', headline || ' ' || skills), 'B') || "
            f"setweight(to_tsvector('{SEARCH_CONFIG}', (searches->0->>'title') || ' ' || "
            f"(searches->0->>'department') || ' ' || disposition), 'C') || "
            f"setweight(to_tsvector('{SEARCH_CONFIG}', resume_text), 'D')"
        )
        with connection.cursor() as cursor:
            started = time.monotonic()
            cursor.execute("DROP INDEX IF EXISTS pooldoc_search_gin")
            cursor.execute(f"UPDATE talent_pooldocument SET search_vector = {weighted}")  # noqa: S608 — our SQL
            vectors = time.monotonic() - started
            started = time.monotonic()
            cursor.execute(
                "CREATE INDEX pooldoc_search_gin ON talent_pooldocument USING gin (search_vector)"
            )
            gin = time.monotonic() - started
            cursor.execute("ANALYZE talent_pooldocument")
            cursor.execute(
                "SELECT pg_size_pretty(pg_relation_size('pooldoc_search_gin')),"
                " pg_size_pretty(pg_total_relation_size('talent_pooldocument'))"
            )
            index_size, table_size = cursor.fetchone()
        started = time.monotonic()
        words = refresh_term_stats()
        stats = time.monotonic() - started
        out(
            f"  index built: vectors {vectors:.1f} s, GIN index {gin:.1f} s ({index_size}; "
            f"table with its TOAST {table_size}), word counts {stats:.1f} s"
            f" ({words:,} rows)"
        )
