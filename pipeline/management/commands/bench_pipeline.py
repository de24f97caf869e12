"""Benchmark the Candidates board and the hiring manager's review page on PostgreSQL.

Two sizes (issue 9): 300 applications on one requisition alone, then the same requisition
among 60,000 applications over 2,000 requisitions (`--size small`: 60 among 600 over 20,
for CI). For each, prints the server time of the
board, the list and the review page as p50 / p95 over repeated requests through Django's
full stack (middleware, sessions, templates; the test client, no network), and the CPU
time spent in Django for each (less sensitive to other load on the machine; the database's
own time is not in it). Target on a 2-core machine: p95 under 120 ms.

Refuses to run on a database whose name does not contain "bench": it empties the pipeline
and requisition tables first. Run it with `make bench-pipeline`.
"""

from __future__ import annotations

import os
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hiring.models import HiringTeamMember, Requisition
from intake.matrix import default_matrix
from intake.models import Agreement
from pipeline.models import Application, Candidate, DispositionReason, ScreeningForm, Stage

PROFILE = {
    "must_haves": ["Python in production", "Payments or ledgers", "Owns on-call"],
    "nice_to_haves": ["PostgreSQL", "Kafka", "Mentoring"],
    "knockout_questions": [{"question": "Right to work in the UK?", "answer": "Yes"}],
    "shortlist_size": 4,
}
PLAN = {
    "stages": [
        {"name": n, "focus_areas": [], "interviewers": [], "length_minutes": 60}
        for n in ("Recruiter screen", "Technical interview", "Team and values")
    ]
}
STAGES = [
    (Stage.APPLIED, None),
    (Stage.SCREENING, None),
    (Stage.SUBMITTED, None),
    (Stage.INTERVIEW, 0),
    (Stage.INTERVIEW, 1),
    (Stage.INTERVIEW, 2),
    (Stage.REJECTED, None),
    (Stage.WITHDRAWN, None),
]


# size → (requests per page, applications on the big search, requisitions, applications)
SIZES = {"large": (60, 300, 2000, 60_000), "small": (10, 60, 20, 600)}


class Command(BaseCommand):
    help = "Benchmark the pipeline board and review page (PostgreSQL, a *bench* database)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="large")

    def handle(self, *args, size, **options):
        requests, big, requisitions, total = SIZES[size]
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        self.requests = requests
        people = self.reset()
        target = self.make_requisitions(people, 1, prefix="Big search")[0]
        self.fill([target], big, people, offset=0)
        self.stdout.write(f"\n{big} applications on one requisition:")
        self.measure(target, people)

        others = self.make_requisitions(people, requisitions - 1, prefix="Search")
        per, extra = divmod(total - big, len(others))
        self.fill(others[:extra], per + 1, people, offset=big)
        self.fill(others[extra:], per, people, offset=big + extra * (per + 1))
        count = Application.objects.count()
        self.stdout.write(
            f"\n{count:,} applications over {Requisition.objects.count():,} requisitions "
            f"(the {big} above, {per}–{per + 1} on each other one):"
        )
        self.measure(target, people)
        self.stdout.write("  a typical requisition:")
        self.measure(others[len(others) // 2], people, indent="    ")

    # --- data ------------------------------------------------------------------------
    def reset(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE pipeline_stagechange, pipeline_screeningform, pipeline_reviewquestion,"
                " pipeline_application, pipeline_resume, pipeline_candidate,"
                " intake_agreement, hiring_hiringteammember, hiring_activity,"
                " hiring_requisition RESTART IDENTITY CASCADE"
            )
        people = {}
        for username, role in [
            ("bench-recruiter", "recruiter"),
            ("bench-manager", "hiring_manager"),
            ("bench-hr", "hr_generalist"),
        ]:
            people[role], _ = User.objects.get_or_create(
                username=username, defaults={"role": role, "first_name": role.title()}
            )
        return people

    @transaction.atomic
    def make_requisitions(self, people, n, *, prefix):
        now = timezone.now()
        rows = Requisition.objects.bulk_create(
            Requisition(
                title=f"{prefix} {i:04d}",
                department="Engineering",
                location="London",
                country="GB",
                time_zone="Europe/London",
                salary_currency="GBP",
                state=Requisition.State.OPEN,
                opened_at=now,
                created_by=people["recruiter"],
            )
            for i in range(n)
        )
        HiringTeamMember.objects.bulk_create(
            HiringTeamMember(requisition=r, user=people[role], role=role)
            for r in rows
            for role in ("recruiter", "hiring_manager", "hr_generalist")
        )
        # An agreement in force always carries its responsibility matrix (activation checks
        # it); without one nobody would decide anything, the hiring manager's review included.
        matrix = default_matrix()
        Agreement.objects.bulk_create(
            Agreement(
                requisition=r,
                matrix=matrix,
                version=1,
                state=Agreement.State.ACTIVE,
                created_by=people["recruiter"],
                activated_at=now,
                role_profile=PROFILE,
                interview_plan=PLAN,
                sourcing={"channels": ["job_boards", "referrals"]},
            )
            for r in rows
        )
        return rows

    def fill(self, requisitions, per, people, *, offset):
        started = time.perf_counter()
        now = timezone.now()
        number = offset
        reasons = dict(
            DispositionReason.objects.filter(
                code__in=["skills_gap", "accepted_other_offer"]
            ).values_list("side", "pk")
        )
        for start in range(0, len(requisitions), 200):
            chunk = requisitions[start : start + 200]
            candidates, applications = [], []
            for requisition in chunk:
                for i in range(per):
                    number += 1
                    stage, round_ = STAGES[i % len(STAGES)]
                    candidate = Candidate(
                        name=f"Candidate {number:06d}",
                        email=f"c{number}@bench.example",
                        current_title="Engineer",
                        current_company="Elsewhere",
                        created_by=people["recruiter"],
                    )
                    candidates.append(candidate)
                    reason = None
                    if stage == Stage.REJECTED:
                        reason = reasons.get("ours")
                    elif stage == Stage.WITHDRAWN:
                        reason = reasons.get("candidate")
                    applications.append(
                        Application(
                            requisition=requisition,
                            candidate=candidate,
                            stage=stage,
                            interview_round=round_,
                            interview_stage_name=PLAN["stages"][round_]["name"]
                            if round_ is not None
                            else "",
                            source="job_boards",
                            sourced_by=people["recruiter"],
                            stage_changed_at=now,
                            submitted_at=now if stage not in (Stage.APPLIED,) else None,
                            disposition_reason_id=reason,
                            closed_at=now if reason else None,
                        )
                    )
            with transaction.atomic():
                Candidate.objects.bulk_create(candidates, batch_size=2000)
                Application.objects.bulk_create(applications, batch_size=2000)
                ScreeningForm.objects.bulk_create(
                    (
                        ScreeningForm(
                            application=a,
                            agreement_version=1,
                            knockout_answers=[
                                {
                                    "question": "Right to work in the UK?",
                                    "expected": "Yes",
                                    "answer": "Yes",
                                }
                            ],
                            must_have_ratings=[
                                {"criterion": c, "rating": 3, "note": "Seen in production."}
                                for c in PROFILE["must_haves"]
                            ],
                            nice_to_have_ratings=[
                                {"criterion": c, "rating": None, "note": ""}
                                for c in PROFILE["nice_to_haves"]
                            ],
                            summary="A strong candidate on every must-have.",
                            completed_at=now,
                        )
                        for a in applications
                        if a.stage != Stage.APPLIED
                    ),
                    batch_size=2000,
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"  (loaded {per * len(requisitions):,} applications in "
            f"{time.perf_counter() - started:.1f} s)"
        )

    # --- timing ----------------------------------------------------------------------
    def measure(self, requisition, people, indent="  "):
        recruiter = Client(HTTP_HOST="localhost")
        recruiter.force_login(people["recruiter"])
        manager = Client(HTTP_HOST="localhost")
        manager.force_login(people["hiring_manager"])
        board = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
        waiting = (
            Application.objects.filter(requisition=requisition, stage=Stage.SUBMITTED)
            .order_by("stage_changed_at", "pk")
            .first()
        )
        review = reverse(
            "pipeline:review-application",
            kwargs={"pk": requisition.pk, "application": waiting.pk},
        )
        for label, client, url in [
            ("board", recruiter, board),
            ("list", recruiter, board + "?view=list&sort=name&dir=asc"),
            ("review", manager, review),
        ]:
            wall, cpu = self.time(client, url)
            p50, p95 = statistics.median(wall), statistics.quantiles(wall, n=20)[-1]
            c50, c95 = statistics.median(cpu), statistics.quantiles(cpu, n=20)[-1]
            verdict = "ok" if p95 < 120 else "OVER the 120 ms target"
            self.stdout.write(
                f"{indent}{label:<7} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({verdict})"
                f"   · CPU in Django p50 {c50:5.1f} ms, p95 {c95:5.1f} ms"
            )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"{indent}(load average {load} on {os.cpu_count()} cores)")

    def time(self, client, url):
        for _ in range(5):  # warm up: templates compiled, connections open
            assert client.get(url).status_code == 200, url
        wall, cpu = [], []
        for _ in range(self.requests):
            started, used = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
            assert response.status_code == 200, url
        return wall, cpu
