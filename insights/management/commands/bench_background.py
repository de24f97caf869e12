"""Time the background work at a large employer's size: each periodic task with the work a
real day gives it, its queries counted (targets, issue 24: ≤ 50 queries and ≤ 1 s each).

Runs on the organisation of `insights.large_employer` (seeded first when the database does
not hold it at this size yet). Each task runs inside a transaction that is rolled back, so
every run measures the same day's work on the same data, and nothing is enqueued:

- status-update requests on the agreed weekday (a Friday: every open search's request);
- the daily check-in roll-forward (each series one week further);
- the record sweep a day on (the check-ins held since owe their record);
- the feedback sweep two days on (the interviews ended since owe their scorecards);
- the hand-over reconciliation after the recruiter of 25 searches was replaced in the
  admin (outside the team page), each with open commitments to move.

Refuses a database whose name does not contain "bench". `make bench`.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from checkins.records import open_due_records
from checkins.schedule import roll_forward
from checkins.status_requests import request_status_updates
from commitments.business_time import weekend_of
from commitments.handover import hand_over_commitments
from commitments.models import Commitment
from hiring.models import HiringTeamMember, Requisition, TeamRole
from insights.large_employer import SIZES, seed_large_employer
from interviews.feedback import open_feedback_commitments
from pipeline.models import Application, Candidate
from privacy.erasure import erase_candidate
from privacy.mentions import mention_hits
from privacy.models import Erasure
from privacy.registry import person_of


class Rollback(Exception):
    pass


def _next_friday(now):
    days = (4 - now.weekday()) % 7 or 7
    return (now + timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)


def _replace_recruiters(count: int) -> int:
    """The recruiter of `count` open searches with open recruiter commitments is replaced by
    another recruiter, row by row as the admin would (no hand-over runs)."""
    searches = list(
        Requisition.objects.filter(
            state=Requisition.State.OPEN,
            commitments__state="open",
            commitments__party=TeamRole.RECRUITER,
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    newcomer = User.objects.create(
        username="bench-new-recruiter", role=Role.RECRUITER, first_name="Nadia"
    )
    HiringTeamMember.objects.filter(requisition_id__in=searches, role=TeamRole.RECRUITER).update(
        user=newcomer
    )
    return (
        Commitment.objects.open()
        .filter(requisition_id__in=searches, party=TeamRole.RECRUITER)
        .count()
    )


def _pick_candidate(picked: dict) -> None:
    """The candidate in the middle of the organisation (one with applications), read
    before the clock starts, by a worker that has erased before (the registry's places and
    its queries are worked out once per process)."""
    ids = Application.objects.order_by("candidate_id").values_list("candidate_id", flat=True)
    picked["candidate"] = Candidate.objects.get(pk=ids[ids.count() // 2])
    mention_hits(person_of(picked["candidate"]))


def _erase(picked: dict) -> int:
    erase_candidate(candidate=picked["candidate"], reason=Erasure.Reason.RETENTION)
    return 1


class Command(BaseCommand):
    help = "Time the background tasks on a large employer (a *bench* database)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="large")

    def handle(self, *args, size, **options):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        if Requisition.objects.count() != SIZES[size].requisitions:
            self.stdout.write(f"Seeding the {size} employer first…")
            seed_large_employer(size=size, out=self.stdout.write)
        reverse("checkins:status-update", args=[1])  # a worker's URLs are loaded once, at start
        # and its holiday tables on the first search of each country (as bench_sweep's warm
        # worker): the first task timed paid about 0.25 s of imports for them.
        for country in set(Requisition.objects.values_list("country", flat=True)):
            weekend_of(country)
        now = timezone.now()
        picked = {}
        tasks = [
            ("status-update requests (a Friday)", lambda: None,
             lambda: request_status_updates(now=_next_friday(now))),
            ("check-in roll-forward (daily)", lambda: None, lambda: roll_forward(now=now)),
            ("check-in records (a day on)", lambda: None,
             lambda: open_due_records(now=now + timedelta(days=1), batch=10_000)),
            ("feedback sweep (two days on)", lambda: None,
             lambda: open_feedback_commitments(now=now + timedelta(days=2))),
            ("hand-over (25 recruiters replaced)", lambda: _replace_recruiters(25),
             lambda: hand_over_commitments()),
            # What a retention run does per candidate (issue 24: ≤ 50 ms each).
            ("erasure (one candidate)", lambda: _pick_candidate(picked), lambda: _erase(picked)),
        ]  # fmt: skip
        out = self.stdout.write
        out(self.style.SUCCESS(f"Background tasks ({size} employer; each rolled back)"))
        out(
            f"  {'task':<36} {'made':>7} {'queries':>8} {'seconds':>8} {'CPU s':>6}"
            "   targets ≤ 50 queries, ≤ 1 s"
        )
        for label, prepare, run in tasks:
            made, queries, seconds, cpu = self.measure(prepare, run)
            verdict = "ok" if queries <= 50 and seconds <= 1 else "OVER"
            out(f"  {label:<36} {made!s:>7} {queries:>8} {seconds:>8.2f} {cpu:>6.2f}   {verdict}")
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        out(f"  load average {load} on {os.cpu_count()} cores")

    def measure(self, prepare, run):
        result = {}
        try:
            with transaction.atomic():
                prepared = prepare()
                counted = []

                def count(execute, sql, params, many, context):
                    counted.append(1)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    started, cpu = time.perf_counter(), time.process_time()
                    made = run()
                    result["seconds"] = time.perf_counter() - started
                    result["cpu"] = time.process_time() - cpu
                result["queries"] = len(counted)
                result["made"] = made if prepared is None else f"{made}/{prepared}"
                raise Rollback
        except Rollback:
            pass
        return result["made"], result["queries"], result["seconds"], result["cpu"]
