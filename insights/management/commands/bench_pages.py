"""Every page of a search at a large employer's size, served as `make run` serves it.

Starts gunicorn on this database (2 sync workers, DEBUG off, as `make run`), signs the
people in, and for each page prints: one request's time (the median of sequential requests
on loopback: the server's time), 8 concurrent clients for a fixed time (p50 / p95 and the
rate), the same 8 clients on `/healthz?only=database` (one query) right after it and the
ratio of the two rates, the page's query count (measured in this process through Django's
stack) and its size. Targets (issue 24, large size): one request ≤ 50 ms, p95 ≤ 250 ms,
ratio ≥ 0.1, HTML ≤ 150 KB; the calendar feed ≤ 50 ms and its 304 ≤ 5 ms.

`--size large|small` seeds (once, then reuses) the organisation of `insights.large_employer`;
`--size demo` seeds `make run`'s demo organisation instead (`seed_demo`), for the same
figures at demo size. Refuses a database whose name does not contain "bench". `make
bench-pages`.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from checkins.feed import feed_for
from checkins.models import CheckIn
from hiring.models import Requisition, TeamRole
from insights.large_employer import SIZES, Handles, find_handles, seed_large_employer
from interviews.models import Interview, Scorecard
from pipeline.models import Application

# size → (seconds of 8 clients per page, seconds on /healthz, sequential requests)
TIMING = {"large": (8.0, 4.0, 15), "small": (0.6, 0.4, 3), "demo": (3.0, 2.0, 10)}
CLIENTS = 8
TARGETS = {"one": 50.0, "p95": 250.0, "ratio": 0.1, "kb": 150.0}


@dataclass
class Page:
    label: str
    user: User | None  # None: no session (the calendar feed's token is the key)
    url: str
    headers: dict | None = None
    one_target: float = TARGETS["one"]
    p95_target: float = TARGETS["p95"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as `make run` starts it, on this database, quiet."""

    def __init__(self):
        self.port = _free_port()
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "ACCORD_LOCAL_HTTP": "1",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "PORT": str(self.port),
        }
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.proc = subprocess.Popen(
            [gunicorn, "config.wsgi", "--access-logfile", "/dev/null"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise CommandError("gunicorn exited at start.")
            try:
                self.get("/healthz?only=database")
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not answer within 60 s.")

    def get(self, url: str, headers: dict | None = None) -> tuple[int, int, float]:
        """(status, bytes, milliseconds) of one GET on a fresh connection (sync workers
        close each one)."""
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", url, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            size = len(response.read())
        finally:
            conn.close()
        return response.status, size, (time.perf_counter() - started) * 1000

    def load(self, url: str, headers: dict | None, seconds: float) -> tuple[list[float], int]:
        """8 clients for `seconds`: every request's milliseconds, and the non-2xx/304."""
        stop = time.monotonic() + seconds
        times: list[float] = []
        errors = [0]
        lock = threading.Lock()

        def client():
            while time.monotonic() < stop:
                status, _, ms = self.get(url, headers)
                with lock:
                    times.append(ms)
                    if status not in (200, 304):
                        errors[0] += 1

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return times, errors[0]

    def worker_peak_rss_mb(self) -> float:
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if f"PPid:\t{self.proc.pid}\n" in text:
                for line in text.splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def demo_handles() -> Handles:
    """The demo organisation's people and objects, in the roles `find_handles` gives."""
    people = {u.username: u for u in User.objects.all()}
    big = (
        Requisition.objects.filter(state=Requisition.State.OPEN)
        .annotate(candidates=Count("applications"))
        .order_by("-candidates", "pk")
        .first()
    )
    typical = Requisition.objects.exclude(pk=big.pk).order_by("pk").first() or big
    interview = (
        Interview.objects.filter(scorecards__state=Scorecard.State.SUBMITTED)
        .order_by("-ends_at")
        .first()
    )
    team = {m.role: m.user for m in big.team_members.select_related("user")}
    return Handles(
        recruiter=team.get(TeamRole.RECRUITER, people.get("recruiter")),
        agency_recruiter=people.get("agency"),
        hr_lead=people.get("hr"),
        hiring_manager=team.get(TeamRole.HIRING_MANAGER, people.get("manager")),
        interviewer=people.get("interviewer"),
        admin=people.get("admin"),
        big_search=big,
        typical_search=typical,
        application=interview.application if interview else None,
        interview=interview,
        checkin=CheckIn.objects.filter(requisition=big).order_by("-starts_at").first(),
    )


def _review_url(requisition) -> str:
    """The first candidate waiting for the manager (the queue's page redirects there)."""
    waiting = (
        Application.objects.filter(requisition=requisition)
        .awaiting_review()
        .order_by("stage_changed_at", "pk")
        .first()
    )
    if waiting is None:
        return reverse("pipeline:review", args=[requisition.pk])
    return reverse(
        "pipeline:review-application",
        kwargs={"pk": requisition.pk, "application": waiting.pk},
    )


def pages(h: Handles) -> list[Page]:
    big = h.big_search.pk
    found = [
        Page("home: waiting on me (manager)", h.hiring_manager, reverse("insights:home")),
        Page("requisitions (recruiter)", h.recruiter, reverse("hiring:requisition-list")),
        Page("search overview", h.recruiter, reverse("hiring:requisition-detail", args=[big])),
        Page("candidates board", h.recruiter, reverse("pipeline:candidates", args=[big])),
        Page(
            "candidates list",
            h.recruiter,
            reverse("pipeline:candidates", args=[big]) + "?view=list&sort=name&dir=asc",
        ),
        Page("review (manager)", h.hiring_manager, _review_url(h.big_search)),
        Page(
            "commitments of the search",
            h.recruiter,
            reverse("commitments:requisition-commitments", args=[big]),
        ),
        Page("agreement", h.recruiter, reverse("intake:agreement", args=[big])),
        Page(
            "check-ins tab",
            h.recruiter,
            reverse("checkins:requisition-checkins", args=[big]),
        ),
        Page("journal", h.recruiter, reverse("hiring:requisition-journal", args=[big])),
        Page("notifications", h.recruiter, reverse("commitments:notification-list")),
        Page("status board (HR)", h.hr_lead, reverse("insights:status-board")),
        Page("status board, overdue", h.hr_lead, reverse("insights:status-board") + "?overdue=on"),
        Page(
            "typical search: board",
            h.typical_search.team_members.get(role=TeamRole.RECRUITER).user,
            reverse("pipeline:candidates", args=[h.typical_search.pk]),
        ),
    ]
    if h.application is not None:
        one = {"pk": h.application.requisition_id, "application": h.application.pk}
        found += [
            Page("candidate page", h.recruiter, reverse("pipeline:application-detail", kwargs=one)),
            Page("debrief", h.recruiter, reverse("interviews:debrief", kwargs=one)),
        ]
    if h.interview is not None:
        one = {"pk": h.interview.requisition_id, "interview": h.interview.pk}
        panel = h.interview.interviewers.first() or h.interviewer
        found += [
            Page("interview", h.recruiter, reverse("interviews:interview-detail", kwargs=one)),
            Page("scorecard (panel)", panel, reverse("interviews:scorecard", kwargs=one)),
        ]
    if h.checkin is not None:
        found.append(
            Page("check-in", h.recruiter, reverse("checkins:checkin-detail", args=[h.checkin.pk]))
        )
    feed = reverse("checkins:calendar-feed", args=[feed_for(h.recruiter).token])
    found.append(Page("calendar feed (recruiter)", None, feed))
    found.append(Page("calendar feed, 304", None, feed, headers={}, one_target=5.0))
    return found


class Command(BaseCommand):
    help = "Every page at a large employer's size under gunicorn (a *bench* database)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=[*sorted(SIZES), "demo"], default="large")

    def handle(self, *args, size, **options):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        handles = self.organisation(size)
        page_seconds, health_seconds, sequential = TIMING[size]
        found = pages(handles)
        sessions = self.sign_in({p.user for p in found if p.user})
        server = Server()
        out = self.stdout.write
        try:
            out(
                self.style.SUCCESS(
                    f"Pages at the {size} size (gunicorn, 2 sync workers, DEBUG off)"
                )
            )
            if handles.counts:
                out("  " + ", ".join(f"{n:,} {k}" for k, n in handles.counts.items()))
            out(
                f"  {'page':<30} {'one':>7} {'p50':>7} {'p95':>7} {'req/s':>6} {'ratio':>6}"
                f" {'queries':>7} {'KB':>6}   ({CLIENTS} clients, {page_seconds:g} s each)"
            )
            for page in found:
                self.measure(server, page, sessions, page_seconds, health_seconds, sequential)
            out(f"  gunicorn workers' peak memory: {server.worker_peak_rss_mb():.0f} MB")
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            out(f"  load average {load} on {os.cpu_count()} cores")
        finally:
            server.stop()

    def organisation(self, size) -> Handles:
        if size == "demo":
            if not User.objects.filter(username="recruiter").exists():
                call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            return demo_handles()
        if Requisition.objects.count() != SIZES[size].requisitions:
            self.stdout.write(f"Seeding the {size} employer first…")
            return seed_large_employer(size=size, out=self.stdout.write)
        return find_handles()

    def sign_in(self, people) -> dict[int, dict]:
        cookies = {}
        for person in people:
            client = Client()
            client.force_login(person)
            cookies[person.pk] = {
                "Cookie": f"{settings.SESSION_COOKIE_NAME}="
                f"{client.cookies[settings.SESSION_COOKIE_NAME].value}"
            }
        return cookies

    def queries(self, page: Page) -> tuple[int, int]:
        client = Client(HTTP_HOST="localhost")
        if page.user is not None:
            client.force_login(page.user)
        headers = {}
        if page.headers is not None:
            etag = client.get(page.url)["ETag"]
            headers["HTTP_IF_NONE_MATCH"] = etag
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url, **headers)
        return len(captured), response.status_code

    def measure(self, server, page, sessions, page_seconds, health_seconds, sequential):
        headers = dict(sessions.get(getattr(page.user, "pk", None), {}))
        if page.headers is not None:  # the 304: the ETag the feed answered with
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            conn.request("GET", page.url, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            conn.close()
            headers["If-None-Match"] = response.getheader("ETag", "")
        queries, status = self.queries(page)
        first_status, size, _ = server.get(page.url, headers)
        if first_status not in (200, 304) or status not in (200, 304):
            self.stdout.write(f"  {page.label:<30} answered {first_status} (in process {status})")
            return
        one = statistics.median(server.get(page.url, headers)[2] for _ in range(sequential))
        times, errors = server.load(page.url, headers, page_seconds)
        health, _ = server.load("/healthz?only=database", {}, health_seconds)
        rate, health_rate = len(times) / page_seconds, len(health) / health_seconds
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        ratio = rate / health_rate if health_rate else 0.0
        kb = size / 1024
        over = []
        if one > page.one_target:
            over.append("one")
        if p95 > page.p95_target:
            over.append("p95")
        if ratio < TARGETS["ratio"]:
            over.append("ratio")
        if kb > TARGETS["kb"]:
            over.append("size")
        if errors:
            over.append(f"{errors} errors")
        verdict = "ok" if not over else "OVER: " + ", ".join(over)
        self.stdout.write(
            f"  {page.label:<30} {one:7.1f} {p50:7.1f} {p95:7.1f} {rate:6.1f} {ratio:6.3f}"
            f" {queries:7d} {kb:6.1f}   {verdict}"
        )
