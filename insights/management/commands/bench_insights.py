"""Time the figures pages, the status board, its CSV and the home pages at a size, the way
`make bench-pages` times every page (its `Server` and `measure`: gunicorn as `make run`
serves Accord, 2 sync workers, DEBUG off; one request's time, then 8 clients for a fixed
time, then the same clients on /healthz?only=database, the ratio of the two rates, the query
count and the size), and the CSV of every search: its time to the last byte and the web
workers' peak memory before and after.

--size demo: the demo organisation (`seed_demo`); small / large: the large employer of
issue 24 with two years of history (`insights.large_employer`, seeded into this database
when it does not hold it yet). Targets (issue 17, large size): figures pages and the board
p95 ≤ 150 ms, home pages ≤ 100 ms; the CSV of every search ≤ 1 s with flat memory.

Refuses a database whose name does not contain "bench". `make bench-insights`.
"""

from __future__ import annotations

import os
import statistics
from datetime import timedelta
from urllib.parse import urlencode

from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hiring.models import Requisition, TeamRole
from insights.large_employer import SIZES, Handles, find_handles, seed_large_employer

from .bench_pages import CLIENTS, TIMING, Page, Server
from .bench_pages import Command as PagesCommand

HISTORY_DAYS = 730
FIGURES_P95, HOME_P95, CSV_SECONDS = 150.0, 100.0, 1.0


def _url(name, *args, **query) -> str:
    path = reverse(name, args=args)
    return f"{path}?{urlencode(query)}" if query else path


def insights_pages(h: Handles) -> list[Page]:
    """The figures (each scope, 90 and 365 days), the rows behind one, the status board
    (plain, filtered, sorted by a figure, searched) and two homes."""
    search = h.typical_search
    team = {m.role: m.user for m in search.team_members.select_related("user")}
    recruiter, manager = team[TeamRole.RECRUITER], team[TeamRole.HIRING_MANAGER]
    department = search.department
    f, board = FIGURES_P95, FIGURES_P95

    def page(label, user, url, p95):
        return Page(label, user, url, p95_target=p95)

    return [
        page("scoreboard (HR, 90 days)", h.hr_lead, _url("insights:scoreboard"), f),
        page("scoreboard (HR, 365 days)", h.hr_lead, _url("insights:scoreboard", period="365"), f),
        page(
            "scoreboard, a department",
            h.hr_lead,
            _url("insights:scoreboard", department=department),
            f,
        ),
        page("organisation (90 days)", h.hr_lead, _url("insights:figures-organisation"), f),
        page(
            "organisation (365 days)",
            h.hr_lead,
            _url("insights:figures-organisation", period="365"),
            f,
        ),
        page(
            "a department (90 days)",
            h.hr_lead,
            _url("insights:figures-organisation", department=department),
            f,
        ),
        page("a search", h.hr_lead, _url("insights:figures-requisition", search.pk), f),
        page(
            "a pair (its recruiter)",
            recruiter,
            _url("insights:figures-pair", recruiter.pk, manager.pk),
            f,
        ),
        page("own figures (manager)", manager, _url("insights:figures-person", manager.pk), f),
        page(
            "rows: overdue, organisation",
            h.hr_lead,
            _url("insights:figure-rows", outcome="overdue"),
            f,
        ),
        page("status board", h.hr_lead, _url("insights:status-board"), board),
        page(
            "status board, overdue", h.hr_lead, _url("insights:status-board", overdue="on"), board
        ),
        page(
            "status board by pulse", h.hr_lead, _url("insights:status-board", sort="pulse"), board
        ),
        page(
            "status board, search + recruiter",
            h.hr_lead,
            _url("insights:status-board", q="engineer", recruiter=recruiter.pk),
            board,
        ),
        page("home (recruiter)", recruiter, _url("insights:home"), HOME_P95),
        page("home (manager)", manager, _url("insights:home"), HOME_P95),
    ]


class Command(PagesCommand):
    help = "Time the figures, the status board, its CSV and homes (a *bench* database)."

    def handle(self, *args, size, **options):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        handles = self.organisation(size)
        page_seconds, health_seconds, sequential = TIMING[size]
        found = insights_pages(handles)
        sessions = self.sign_in({p.user for p in found})
        server = Server()
        out = self.stdout.write
        try:
            out(self.style.SUCCESS(f"Figures, board and homes at the {size} size"))
            if handles.counts:
                out("  " + ", ".join(f"{n:,} {k}" for k, n in handles.counts.items()))
            out(
                f"  {'page':<30} {'one':>7} {'p50':>7} {'p95':>7} {'req/s':>6} {'ratio':>6}"
                f" {'queries':>7} {'KB':>6}   ({CLIENTS} clients, {page_seconds:g} s each)"
            )
            for page in found:
                self.measure(server, page, sessions, page_seconds, health_seconds, sequential)
            self.csv(server, handles, sessions)
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            out(f"  load average {load} on {os.cpu_count()} cores")
        finally:
            server.stop()

    def organisation(self, size) -> Handles:
        """The demo, or the large employer with two years of history (seeded when this
        database holds another size or a shorter history)."""
        if size == "demo":
            return super().organisation(size)
        oldest = Requisition.objects.order_by("created_at").values_list("created_at", flat=True)
        oldest = oldest.first()
        if (
            Requisition.objects.count() != SIZES[size].requisitions
            or oldest is None
            or oldest > timezone.now() - timedelta(days=HISTORY_DAYS - 60)
        ):
            self.stdout.write(f"Seeding the {size} employer with two years of history…")
            return seed_large_employer(size=size, history_days=HISTORY_DAYS, out=self.stdout.write)
        return find_handles()

    def csv(self, server, handles, sessions):
        """Every search (every state) as CSV, five times, one at a time."""
        page = Page(
            "CSV, every search",
            handles.hr_lead,
            _url("insights:status-board", state="all", format="csv"),
        )
        headers = sessions[handles.hr_lead.pk]
        queries = self.streamed_queries(page)
        before = server.worker_peak_rss_mb()
        runs = [server.get(page.url, headers) for _ in range(5)]
        after = server.worker_peak_rss_mb()
        times = [ms for status, _size, ms in runs if status == 200]
        if len(times) != len(runs):
            self.stdout.write(f"  {page.label:<30} answered {[r[0] for r in runs]}")
            return
        rows = Requisition.objects.count()
        slowest = max(times)
        verdict = "ok" if slowest <= CSV_SECONDS * 1000 else "OVER"
        self.stdout.write(
            f"  {page.label + f' ({rows:,} rows)':<30} median {statistics.median(times):.0f} ms,"
            f" slowest {slowest:.0f} ms of 5 · {runs[0][1] / 1024:.0f} KB · {queries} queries"
            f" · workers' peak memory {before:.0f} MB before, {after:.0f} MB after   {verdict}"
        )

    def streamed_queries(self, page) -> int:
        """The export's queries, its whole body read (it runs while it streams)."""
        client = Client(HTTP_HOST="localhost")
        client.force_login(page.user)
        with CaptureQueriesContext(connection) as captured:
            for _chunk in client.get(page.url).streaming_content:
                pass
        return len(captured)
