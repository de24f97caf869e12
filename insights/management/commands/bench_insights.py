"""Time the figures pages, the status board, its CSV and the home pages at a size, over
gunicorn as `make run` serves them (insights.bench_driver): p50 / p95 with 8 concurrent
clients, each page paired with /healthz?only=database in the same run, the ratio, the
response size and the query count; the CSV of every search streamed, its time and the web
workers' peak memory before and after.

--size demo: the demo organisation (`seed_demo`); small / large: the large employer of
issue 24 with two years of history (`insights.large_employer`, seeded when the database
does not hold it yet). Targets (issue 17, large size): figures pages and the board p95
≤ 150 ms, home pages ≤ 100 ms, the CSV of 2,000 rows ≤ 1 s with flat memory.

Refuses a database whose name does not contain "bench". `make bench-insights`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlencode

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from hiring.models import Requisition, TeamRole
from insights import bench_driver as driver
from insights.large_employer import SIZES, find_handles, seed_large_employer

HISTORY_DAYS = 730
TARGETS = {"figures": 150, "board": 150, "home": 100}


def _url(name, *args, **query) -> str:
    path = reverse(name, args=args)
    return f"{path}?{urlencode(query)}" if query else path


class Command(BaseCommand):
    help = "Time the figures, the status board, its CSV and homes (a *bench* database)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["demo", *sorted(SIZES)], default="large")
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--rounds", type=int, default=15)
        parser.add_argument("--port", type=int, default=8179)
        parser.add_argument("--only", default="", help="Only the pages whose label has this.")

    def handle(self, *args, size, clients, rounds, port, only, **options):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        people, pages = self.prepare(size)
        pages = [p for p in pages if only in p[0]]
        cookies = driver.sessions(people.values())
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        self.stdout.write(
            f"\n{size} size: {Requisition.objects.count():,} searches · load average {load} "
            f"on {os.cpu_count()} cores · {clients} clients × {rounds} requests per page, "
            "each paired with /healthz?only=database"
        )
        self.stdout.write(
            f"  {'page':<44} {'p50':>7} {'p95':>7} {'healthz p50/p95':>16} "
            f"{'ratio':>6} {'queries':>7} {'size':>8}  target"
        )
        with driver.serve(port) as server:
            for label, who, path, target in pages:
                user = people[who]
                queries = driver.count_queries(user, path)
                timing = driver.measure(
                    port, path, cookies[user.pk], clients=clients, rounds=rounds
                )
                verdict = ""
                if target:
                    verdict = f"≤ {target} ms " + ("ok" if timing.p95 <= target else "OVER")
                self.stdout.write(
                    f"  {label:<44} {timing.p50:6.1f}  {timing.p95:6.1f}  "
                    f"{timing.healthz_p50:6.1f}/{timing.healthz_p95:6.1f}   "
                    f"{timing.ratio:5.3f}  {queries:>6}  {timing.size / 1024:6.1f}K  {verdict}"
                )
            self.csv(server, port, people, cookies)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        self.stdout.write(f"  (load average at the end {load})")

    # --- the organisation and its pages -----------------------------------------------
    def prepare(self, size):
        if size == "demo":
            if not User.objects.filter(username="hr").exists():
                call_command("seed_demo", stdout=self.stdout)
            people = {
                u.username: u
                for u in User.objects.filter(username__in=["hr", "recruiter", "manager"])
            }
            people = {
                "hr_lead": people["hr"],
                "recruiter": people["recruiter"],
                "hiring_manager": people["manager"],
            }
            search = Requisition.objects.filter(state=Requisition.State.OPEN).order_by("pk").first()
        else:
            oldest = (
                Requisition.objects.order_by("created_at")
                .values_list("created_at", flat=True)
                .first()
            )
            seeded = (
                Requisition.objects.count() == SIZES[size].requisitions
                and oldest is not None
                and oldest < timezone.now() - timedelta(days=HISTORY_DAYS - 60)
            )
            if not seeded:
                self.stdout.write(f"Seeding the {size} employer with two years of history…")
                seed_large_employer(size=size, history_days=HISTORY_DAYS, out=self.stdout.write)
            handles = find_handles()
            people = {
                "hr_lead": handles.hr_lead,
                "recruiter": handles.recruiter,
                "hiring_manager": handles.hiring_manager,
            }
            search = handles.typical_search
        team = {m.role: m.user for m in search.team_members.select_related("user")}
        department = search.department
        pair = (team[TeamRole.RECRUITER].pk, team[TeamRole.HIRING_MANAGER].pk)
        people["pair_recruiter"] = team[TeamRole.RECRUITER]
        figures, board, home = TARGETS["figures"], TARGETS["board"], TARGETS["home"]
        pages = [
            ("pair scoreboard (HR, 90 days)", "hr_lead", _url("insights:scoreboard"), figures),
            (
                "pair scoreboard (HR, 365 days)",
                "hr_lead",
                _url("insights:scoreboard", period="365"),
                figures,
            ),
            (
                "pair scoreboard, one department",
                "hr_lead",
                _url("insights:scoreboard", department=department),
                figures,
            ),
            (
                "organisation figures (90 days)",
                "hr_lead",
                _url("insights:figures-organisation"),
                figures,
            ),
            (
                "organisation figures (365 days)",
                "hr_lead",
                _url("insights:figures-organisation", period="365"),
                figures,
            ),
            (
                "a department's figures (90 days)",
                "hr_lead",
                _url("insights:figures-organisation", department=department),
                figures,
            ),
            (
                "a search's figures",
                "hr_lead",
                _url("insights:figures-requisition", search.pk),
                figures,
            ),
            (
                "a pair's figures (its recruiter)",
                "pair_recruiter",
                _url("insights:figures-pair", *pair),
                figures,
            ),
            (
                "own figures (hiring manager)",
                "hiring_manager",
                _url("insights:figures-person", people["hiring_manager"].pk),
                figures,
            ),
            (
                "rows behind a figure (overdue, organisation)",
                "hr_lead",
                _url("insights:figure-rows", outcome="overdue"),
                figures,
            ),
            ("status board", "hr_lead", _url("insights:status-board"), board),
            (
                "status board, overdue only",
                "hr_lead",
                _url("insights:status-board", overdue="on"),
                board,
            ),
            (
                "status board sorted by latest pulse",
                "hr_lead",
                _url("insights:status-board", sort="pulse"),
                board,
            ),
            (
                "status board searched and by recruiter",
                "hr_lead",
                _url("insights:status-board", q="engineer", recruiter=people["recruiter"].pk),
                board,
            ),
            ("home (recruiter: waiting on me / others)", "recruiter", _url("insights:home"), home),
            ("home (hiring manager)", "hiring_manager", _url("insights:home"), home),
        ]
        return people, pages

    # --- the CSV ------------------------------------------------------------------------
    def csv(self, server, port, people, cookies):
        path = _url("insights:status-board", state="all", format="csv")
        user = people["hr_lead"]
        workers = driver.worker_pids(server)
        before = {pid: driver.peak_rss_mb(pid) for pid in workers}
        queries = driver.count_queries(user, path)
        times, size = [], 0
        for _ in range(5):
            took, size = driver.time_download(port, path, cookies[user.pk])
            times.append(took)
        after = {pid: driver.peak_rss_mb(pid) for pid in workers}
        rows = Requisition.objects.count()
        times.sort()
        self.stdout.write(
            f"  {'CSV of every search (' + format(rows, ',') + ' rows), streamed':<44} "
            f"{times[len(times) // 2] * 1000:6.1f}  {times[-1] * 1000:6.1f}  (median / slowest "
            f"of 5, one at a time)  {queries} queries  {size / 1024:.0f}K  ≤ 1000 ms "
            + ("ok" if times[-1] <= 1.0 else "OVER")
        )
        for pid in workers:
            (rss0, peak0), (rss1, peak1) = before[pid], after[pid]
            self.stdout.write(
                f"    web worker {pid}: resident {rss0:.0f} → {rss1:.0f} MB, "
                f"peak {peak0:.0f} → {peak1:.0f} MB over the 5 exports"
            )
