"""Measure how soon a deadline reaches its owner: in the app, and at the mail server.

Starts a Celery worker and beat as `make run` does (on this database and Redis), a local
SMTP sink that notes when it accepts each message, and opens 120 commitments whose
deadlines fall one a second over the next two minutes (`--size small`: 10 within 6 s).
For each it prints deadline → in-app notification and deadline → email accepted, p50 and
p99 (targets, issue 24: 10 s and 15 s), then leaves the processes idle with nothing due and
prints the CPU they use, as seconds per hour. The owner's working day covers the whole day,
so quiet hours hold nothing back (on a weekend in every time zone the email part says so
and is skipped). Refuses a database whose name does not contain "bench". `make bench`.
"""

from __future__ import annotations

import os
import signal
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import time as clock
from datetime import timedelta
from email.parser import BytesHeaderParser
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from commitments.delivery import reminder_email_key
from commitments.models import Commitment, Notification, Reminder
from config.celery import app
from health.models import Lease
from hiring.models import HiringTeamMember, Requisition
from outbox.models import OutboundEmail, message_id_for

# size → (deadlines, seconds between two, seconds idle at the end)
SIZES = {"large": (120, 1.0, 120), "small": (10, 0.6, 10)}
# Zones to try for the owner, so that now is a weekday there (their working day).
ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo", "America/New_York"]


class Sink:
    """A loopback SMTP server that accepts everything and notes when, by Message-ID."""

    def __init__(self):
        self.accepted: dict[str, float] = {}
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 bench ESMTP\r\n")
                while line := self.rfile.readline():
                    verb = line.strip().upper()
                    if verb.startswith(b"DATA"):
                        self.wfile.write(b"354 go on\r\n")
                        body = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            body.append(chunk)
                        headers = BytesHeaderParser().parsebytes(b"".join(body))
                        sink.accepted.setdefault(headers.get("Message-ID", ""), time.time())
                        self.wfile.write(b"250 queued\r\n")
                    elif verb.startswith(b"QUIT"):
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes and all their descendants (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    wanted, total = set(pids), 0
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _) in parents.items():
            if ppid in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        total += parents.get(pid, (0, 0))[1]
    return total / os.sysconf("SC_CLK_TCK")


def _percentiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return (values[0], values[0]) if values else (float("nan"), float("nan"))
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[98]


class Command(BaseCommand):
    help = "Deadline → notification → email latency, and the idle cost (a *bench* database)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="large")

    def handle(self, *args, size, **options):
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        if not settings.REDIS_URL:
            raise CommandError("Set REDIS_URL: the probe runs a real worker and beat.")
        count, spacing, idle_for = SIZES[size]
        self.reset()
        owner, requisition, weekday = self.setup_owner()
        sink = Sink()
        procs = {}
        schedule = Path(tempfile.mkdtemp(prefix="accord-probe-")) / "beat-schedule"
        try:
            procs = self.start(sink.port, schedule)
            self.wait_for_worker(procs)
            start = timezone.now() + timedelta(seconds=2)
            deadlines = self.open_deadlines(owner, requisition, start, count, spacing)
            last_due = deadlines[-1].due_at
            self.stdout.write(
                f"  {count} deadlines from {start:%H:%M:%S} to {last_due:%H:%M:%S} UTC, "
                f"sweep every {settings.REMINDER_SWEEP_EVERY:g} s"
            )
            self.wait_until(last_due, deadlines, sink, weekday)
            in_app, email = self.latencies(deadlines, sink)
            idle_cpu = self.idle_cost(procs, idle_for)
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs.values():
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
            sink.close()
            app.control.purge()
            Lease.objects.all().delete()
        self.report(count, in_app, email, weekday, idle_cpu, idle_for)

    # --- set-up -------------------------------------------------------------------
    def reset(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE commitments_notification, commitments_reminder, "
                "outbox_outboundattachment, outbox_outboundemail RESTART IDENTITY CASCADE"
            )
        # Nothing else due while the probe runs (a previous benchmark's rows).
        Commitment.objects.ladder_due(timezone.now() + timedelta(minutes=10)).update(
            next_step_at=None
        )
        Lease.objects.all().delete()
        app.control.purge()

    def setup_owner(self):
        now = timezone.now()
        zone = next((z for z in ZONES if timezone.localtime(now, ZoneInfo(z)).weekday() < 5), None)
        owner, _ = User.objects.update_or_create(
            username="bench-probe",
            defaults={
                "role": "hiring_manager",
                "email": "probe@bench.example",
                "first_name": "Probe",
                "time_zone": zone or "UTC",
                "workday_starts": clock(0, 0),
                "workday_ends": clock(23, 59, 59),
                "reminder_email": "immediate",
            },
        )
        requisition, created = Requisition.objects.get_or_create(
            title="Latency probe",
            defaults={
                "department": "Bench",
                "location": "London",
                "country": "GB",
                "time_zone": "Europe/London",
                "salary_currency": "GBP",
                "state": "open",
                "created_by": owner,
            },
        )
        if created:
            HiringTeamMember.objects.create(
                requisition=requisition, user=owner, role="hiring_manager"
            )
        return owner, requisition, zone is not None

    def start(self, port, schedule):
        env = {
            **os.environ,
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(port),
            "DJANGO_EMAIL_USE_TLS": "0",
        }
        celery = str(Path(sys.executable).with_name("celery"))
        self.log = open(schedule.with_name("processes.log"), "w")  # noqa: SIM115
        common = {
            "env": env,
            "start_new_session": True,
            "stdout": self.log,
            "stderr": subprocess.STDOUT,
        }
        worker = [celery, "-A", "config", "--quiet", "worker", "--loglevel", "WARNING",
                  "--concurrency", "2", "-n", f"probe-{os.getpid()}@%h"]  # fmt: skip
        beat = [celery, "-A", "config", "--quiet", "beat", "--loglevel", "WARNING",
                "-s", str(schedule)]  # fmt: skip
        return {
            "worker": subprocess.Popen(worker, **common),
            "beat": subprocess.Popen(beat, **common),
        }

    def wait_for_worker(self, procs):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs.values()):
                raise CommandError(f"The worker or the beat exited at start: see {self.log.name}")
            if app.control.ping(timeout=0.5):
                return
        raise CommandError("No worker answered within 90 s.")

    def open_deadlines(self, owner, requisition, start, count, spacing):
        kind = ContentType.objects.get_for_model(Requisition)
        rows = []
        for i in range(count):
            due = start + timedelta(seconds=i * spacing)
            rows.append(
                Commitment(
                    kind="review_candidate",
                    requisition=requisition,
                    owner=owner,
                    party="hiring_manager",
                    subject_type=kind,
                    subject_id=10_000_000 + i,
                    title=f"Probe deadline {i + 1}",
                    url=f"/requisitions/{requisition.pk}/",
                    started_at=start - timedelta(hours=1),
                    due_at=due,
                    escalate_at=due + timedelta(days=1),
                    second_escalate_at=due + timedelta(days=3),
                    next_step_at=due,
                )
            )
        Commitment.objects.filter(requisition=requisition).delete()
        return Commitment.objects.bulk_create(rows)

    def wait_until(self, last_due, deadlines, sink, weekday):
        limit = last_due + timedelta(seconds=45)
        ids = [c.pk for c in deadlines]
        while timezone.now() < limit:
            written = Reminder.objects.filter(commitment_id__in=ids).count()
            if written == len(ids) and (not weekday or len(sink.accepted) >= len(ids)):
                return
            time.sleep(0.5)

    # --- figures ----------------------------------------------------------------
    def latencies(self, deadlines, sink):
        due = {c.pk: c.due_at for c in deadlines}
        in_app = [
            (n.created_at - due[n.reminder.commitment_id]).total_seconds()
            for n in Notification.objects.filter(reminder__commitment_id__in=due).select_related(
                "reminder"
            )
        ]
        email = []
        for reminder in Reminder.objects.filter(commitment_id__in=due):
            accepted = sink.accepted.get(message_id_for(reminder_email_key(reminder)))
            if accepted is not None:
                email.append(accepted - due[reminder.commitment_id].timestamp())
        return in_app, email

    def idle_cost(self, procs, seconds):
        pids = [p.pid for p in procs.values()]
        before = _cpu_seconds(pids)
        time.sleep(seconds)
        return (_cpu_seconds(pids) - before) / seconds * 3600

    def report(self, count, in_app, email, weekday, idle_cpu, idle_for):
        out = self.stdout.write
        out(self.style.SUCCESS("Reminder latency (worker, beat and an SMTP sink on this machine)"))
        p50, p99 = _percentiles(in_app)
        verdict = "ok" if p99 <= 10 else "OVER the 10 s target"
        out(
            f"  deadline → in-app     p50 {p50:6.2f} s   p99 {p99:6.2f} s   "
            f"({len(in_app)} of {count}; {verdict})"
        )
        if weekday:
            p50, p99 = _percentiles(email)
            verdict = "ok" if p99 <= 15 else "OVER the 15 s target"
            out(
                f"  deadline → email      p50 {p50:6.2f} s   p99 {p99:6.2f} s   "
                f"({len(email)} of {count} accepted by the mail server; {verdict})"
            )
        else:
            out("  deadline → email      not measured: a weekend in every time zone tried")
        out(
            f"  idle (nothing due)    {idle_cpu:6.1f} CPU seconds per hour for worker and beat "
            f"({idle_cpu / 36:.2f} % of one core; measured over {idle_for} s)"
        )
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        out(f"  load average          {load} on {os.cpu_count()} cores")
        OutboundEmail.objects.all().delete()
