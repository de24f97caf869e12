"""The fault scenario behind `make fault`: real processes, real faults, one table.

Run by tests/fault/test_delivery_under_faults.py in a subprocess of its own (it points
Django at a PostgreSQL cluster it starts itself), or by hand:
`.venv/bin/python -m tests.fault.scenario results.json`.

What runs: a private PostgreSQL cluster (initdb into /tmp, its own port: restarting it
disturbs nobody; `synchronous_commit` on, as in production, so a commit it acknowledged
survives the immediate stop — fsync is off, which only matters to a machine crash), a
private redis-server (ACCORD_FAULT_REDIS_PORT, default 6391), a loopback SMTP sink
(tests/fault/smtp_sink.py), two Celery beats, two Celery workers started with the
Procfile's own worker command (its pool and concurrency; a kill takes the whole process
group, as a container stop does) and one gunicorn web process. 210 commitments climb their
reminder ladders in three cohorts:

| time (s)  | cohort (commitments × 8 reminders) | fault                                          |
|-----------|------------------------------------|------------------------------------------------|
| 6 … 36    | kills (100)                        | a worker SIGKILLed every 7 s, mid-send when    |
|           |                                    | one is sending (and replaced); the leading     |
|           |                                    | beat SIGKILLed at 9 s (not replaced); Redis    |
|           |                                    | killed and restarted at 20 s while every       |
|           |                                    | worker is inside an SMTP exchange              |
| 60 … 90   | mail outage (30)                   | the mail server answers 421 from 58 s to 88 s  |
| 96 … 126  | postgres (30)                      | PostgreSQL stopped (immediate) at 109 s for 5 s|
|           |                                    | while the web is polled; workers SIGKILLed     |
|           |                                    | every 7 s again from 94 s to 128 s (not while  |
|           |                                    | PostgreSQL is down)                            |

Duplicates are bounded by what was in flight: at each worker kill the test counts the
emails that worker's processes had claimed and not confirmed (state `sending`, claimed by
one of its pids), and at the PostgreSQL stop every email claimed and not confirmed. Only
those can reach the mail server twice; their sum is the bound. Latency is measured from
each step's deadline (the commitment's nudge / due / escalation time), not from when the
reminder row was written.

Time scale: process timings are real (a claim times out after 6 s, a lost message is
re-enqueued after 4 s, the beat lease is 3 s, the sweep and the dispatcher run every
second). The mail outage is simulated at 60×: 30 s stand for the 30 minutes of the issue,
and the retry backoff is scaled the same way (30 s … 1 h in production → 0.5 s … 60 s).

It prints the table and writes the figures as JSON to the path given.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import time as dt_time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_PORT = int(os.environ.get("ACCORD_FAULT_REDIS_PORT", "6391"))
SECRET = "fault-test-secret-key-not-for-production-0123456789-abcdefghijklmnop"
COHORTS = {"kills": (100, 6), "mail outage": (30, 60), "postgres": (30, 96)}
# Seconds between the ladder steps of one commitment: longer than any outage here, since
# after downtime a commitment gets only its highest step due (commitments.sweep).
STEP_GAP = 10
MAIL_DOWN = (58, 88)
PG_DOWN_AT, PG_DOWN_FOR = 109, 5
KILL_WINDOWS = ((4, 38), (94, 128))
KILL_EVERY = 7  # seconds between worker SIGKILLs inside a kill window (a worker boots in ~3)
BEAT_KILL_AT = 9
REDIS_RESTART_AT = 20
SMTP_DELAY = 0.02  # the sink takes 20 ms to accept a message, like a nearby mail server
SETTLE = 90  # seconds after the last step for everything to arrive


def procfile_worker_args() -> list[str]:
    """The Procfile's worker command after `celery -A config worker` (pool, concurrency,
    log level), so the scenario runs workers as production does."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("worker:"):
            words = line.split(":", 1)[1].split()
            return words[words.index("worker") + 1 :]
    raise RuntimeError("the Procfile has no worker line")


def process_group(pid: int) -> set[int]:
    """Every live pid in `pid`'s process group (a worker and its pool children)."""
    members = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:  # pgrp
            members.add(int(stat.parent.name))
    return members or {pid}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_until(predicate, seconds, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


# --- the private PostgreSQL cluster ---------------------------------------------------------
class PrivatePostgres:
    def __init__(self, logs: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) missing")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="accord-fault-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.log = self.dir / "postgres.log"  # the postgres user must be able to write it
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/accord_fault"

    def _run(self, *args, check=True):
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if check and result.returncode:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {result.stderr or result.stdout}\n{log}")
        return result

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "accord_fault")  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=on -c max_connections=80"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")

    def stop(self, mode="immediate"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def destroy(self):
        self.stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the processes ----------------------------------------------------------------------------
class Cluster:
    def __init__(self, logs: Path, env: dict):
        self.logs = logs
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.redis = None
        self.killed: list[str] = []
        self.kills_mid_send = 0
        # (name, elapsed, emails claimed by its processes and not confirmed at the kill)
        self.in_flight_at_kills: list[tuple[str, int]] = []
        self.names = (f"worker{n}" for n in range(1, 1000))

    def spawn(self, name, command):
        var = self.logs / name
        var.mkdir(exist_ok=True)
        self.procs[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, "ACCORD_VAR_DIR": str(var)},
            stdout=open(var / "log", "w"),  # noqa: SIM115 — closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes its children too
        )

    def start_redis(self):
        self.redis = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: not port_free(REDIS_PORT), 10, 0.05)

    def restart_redis(self):
        self.redis.send_signal(signal.SIGKILL)
        self.redis.wait()
        time.sleep(1)
        self.start_redis()

    def start_worker(self):
        name = next(self.names)
        self.spawn(
            name,
            [str(BIN / "celery"), "-A", "config", "worker", *procfile_worker_args(), "-n",
             f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel", os.environ.get("ACCORD_FAULT_WORKER_LOGLEVEL", "INFO")],
        )  # fmt: skip
        return name

    def start_beat(self, name):
        self.spawn(name, [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "WARNING"])

    def start_web(self, port):
        self.spawn("web", [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                           "--workers", "2", "--timeout", "20"])  # fmt: skip

    def live_workers(self) -> dict[str, subprocess.Popen]:
        return {n: p for n, p in self.procs.items() if n.startswith("worker") and p.poll() is None}

    def kill(self, name):
        """SIGKILL the process and its whole group (a worker's pool children with it)."""
        pids = process_group(self.procs[name].pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()
        self.killed.append(name)
        return pids

    def groups(self, workers) -> dict[int, str]:
        return {pid: n for n, p in workers.items() for pid in process_group(p.pid)}

    def kill_a_worker_mid_send(self, sink, *, wait=1.5, or_any=True) -> bool:
        """SIGKILL the worker inside an SMTP exchange if one is within `wait` seconds (found
        by its socket), else any worker when `or_any`; start a replacement. Whether it killed."""
        workers = self.live_workers()
        victim = None
        deadline = time.monotonic() + wait
        while victim is None and time.monotonic() < deadline:
            ports = sink.busy_ports()
            if ports:
                owners = sockets_by_pid(self.groups(workers), ports)
                if owners:
                    victim = random.choice(sorted(owners))
                    self.kills_mid_send += 1
                    break
            time.sleep(0.02)
        if victim is None and not or_any:
            return False
        victim = victim or random.choice(sorted(workers))
        pids = self.kill(victim)
        self.in_flight_at_kills.append((victim, in_flight(pids)))
        self.start_worker()
        return True

    def stop_all(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.redis and self.redis.poll() is None:
            self.redis.send_signal(signal.SIGKILL)
            self.redis.wait()


def in_flight(pids=None) -> int:
    """Emails claimed and not confirmed (state `sending`) by these processes (every process
    when None): the sends that may reach the mail server twice. Asked right after a kill,
    while nothing can change those rows (a claim is taken over only after its timeout)."""
    import socket as socket_module

    from outbox.models import OutboundEmail

    sending = OutboundEmail.objects.filter(state="sending")
    if pids is not None:
        host = socket_module.gethostname()
        sending = sending.filter(claimed_by__in=[f"{host}:{pid}" for pid in pids])
    return sending.count()


def sockets_by_pid(pids: dict[int, str], ports: set[int]) -> set[str]:
    """Names of the processes owning a TCP socket whose local port is in `ports`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) in ports:
                inodes.add(f"socket:[{fields[9]}]")
    owners = set()
    for pid, name in pids.items():
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                if os.readlink(fd) in inodes:
                    owners.add(name)
                    break
        except OSError:
            continue
    return owners


# --- the web during the database outage ---------------------------------------------------
class WebPoller(threading.Thread):
    def __init__(self, port, cookie):
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{port}/"
        self.cookie = cookie
        self.statuses: list[tuple[float, int, bool]] = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            request = urllib.request.Request(
                self.url, headers={"Cookie": f"sessionid={self.cookie}", "Host": "localhost"}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode(errors="replace")
            except OSError:
                status, body = 0, ""
            product_page = "Traceback" not in body and ("Accord" in body or not body)
            self.statuses.append((time.time(), status, product_page))
            self.stop.wait(0.25)


# --- data -------------------------------------------------------------------------------------
def make_commitments(start):
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User
    from commitments.models import Commitment
    from hiring.models import HiringTeamMember, Requisition
    from tests.factories import RequisitionFactory, TeamRole

    people = {}
    for username, role in (("fr", "recruiter"), ("fh", "hr_generalist"), ("fm", "hiring_manager")):
        person = User.objects.create_user(
            username, f"{username}@example.com", "x", role=role, first_name=username.upper()
        )
        # Quiet hours must not hold the test's emails back, whatever the day it runs: a
        # working day that ends when it starts means "no quiet hours"
        # (User.next_working_moment).
        person.workday_starts = person.workday_ends = dt_time(0, 0)
        person.save()
        people[role] = person
    requisitions = []
    for n in range(3):
        requisition = RequisitionFactory.build(title=f"Fault search {n}", state="open")
        requisition.created_by = people["recruiter"]
        requisition.save()
        for role, team_role in (
            ("recruiter", TeamRole.RECRUITER),
            ("hr_generalist", TeamRole.HR_GENERALIST),
            ("hiring_manager", TeamRole.HIRING_MANAGER),
        ):
            HiringTeamMember.objects.create(
                requisition=requisition, user=people[role], role=team_role
            )
        requisitions.append(requisition)
    ct = ContentType.objects.get_for_model(Requisition)
    cohort_of = {}
    rows = []
    subject = 0
    for cohort, (count, first_step) in COHORTS.items():
        at = [start + timedelta(seconds=first_step + k * STEP_GAP) for k in range(4)]
        for _ in range(count):
            subject += 1
            rows.append(
                Commitment(
                    kind="review_candidate",
                    requisition=requisitions[subject % 3],
                    owner=people["hiring_manager"],
                    party="hiring_manager",
                    subject_type=ct,
                    subject_id=subject,
                    title=f"Review candidate {subject}",
                    url="/",
                    started_at=start - timedelta(days=1),
                    nudge_at=at[0],
                    due_at=at[1],
                    escalate_at=at[2],
                    second_escalate_at=at[3],
                    next_step_at=at[0],
                )
            )
            cohort_of[subject] = cohort
    Commitment.objects.bulk_create(rows)
    return people, {c.pk: cohort_of[c.subject_id] for c in Commitment.objects.all()}


def session_cookie(user) -> str:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client.cookies["sessionid"].value


def db_retry(fn, seconds=30):
    """Run a query, riding out the database restart."""
    from django.db import close_old_connections, connection

    deadline = time.monotonic() + seconds
    while True:
        try:
            return fn()
        except Exception:
            if time.monotonic() > deadline:
                raise
            connection.close()
            close_old_connections()
            time.sleep(0.5)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# --- the run --------------------------------------------------------------------------------
def run(out: Path):
    random.seed(7)
    logs = Path(tempfile.mkdtemp(prefix="accord-fault-logs-"))
    if not shutil.which("redis-server") or not port_free(REDIS_PORT):
        raise RuntimeError(f"redis-server missing or port {REDIS_PORT} taken")
    pg = PrivatePostgres(logs)
    from tests.fault.smtp_sink import Sink

    sink = Sink().start()
    sink.delay = SMTP_DELAY
    web_port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        {
            "DATABASE_URL": pg.url,
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "DJANGO_DEBUG": "0",
            "ACCORD_LOCAL_HTTP": "1",
            "DJANGO_SECRET_KEY": SECRET,
            "ACCORD_STATIC_MANIFEST": "0",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(sink.port),
            "DJANGO_EMAIL_USE_TLS": "0",
            "ACCORD_SWEEP_EVERY_SECONDS": "1",
            "ACCORD_BEAT_LEASE_SECONDS": "3",
            "ACCORD_EMAIL_CLAIM_TIMEOUT_SECONDS": "6",
            "ACCORD_EMAIL_REQUEUE_AFTER_SECONDS": "4",
            "ACCORD_EMAIL_BACKOFF_SECONDS": "0.5",
            "ACCORD_EMAIL_BACKOFF_MAX_SECONDS": "60",
            "ACCORD_EMAIL_RETRY_FOR_SECONDS": "3600",
            "ACCORD_VISIBILITY_TIMEOUT": "10",
            "ACCORD_LOG_LEVEL": "WARNING",
        }
    )
    cluster = Cluster(logs, env)
    poller = None
    events = []
    redis_busy = None
    pg_window = (0.0, 0.0)
    in_flight_at_pg_stop = 0
    takeover = None
    try:
        pg.init()
        os.environ.update(env)
        os.environ["ACCORD_VAR_DIR"] = str(logs / "scenario")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        cluster.start_redis()
        workers_started = [cluster.start_worker(), cluster.start_worker()]
        cluster.start_beat("beat1")
        cluster.start_beat("beat2")
        cluster.start_web(web_port)
        from django.utils import timezone

        from commitments.models import Notification, Reminder
        from health.models import Lease
        from outbox.models import OutboundEmail, message_id_for

        time.sleep(8)  # processes up, a beat holds the lease
        start = timezone.now() + timedelta(seconds=5)
        people, cohort_of = make_commitments(start)
        poller = WebPoller(web_port, session_cookie(people["recruiter"]))
        time.sleep(max(0, (start - timezone.now()).total_seconds()))
        done = set()

        def at(moment):
            return elapsed >= moment and moment not in done and not done.add(moment)

        last_kill = last_report = 0.0
        import redis as redis_client

        broker = redis_client.Redis(port=REDIS_PORT, socket_timeout=2)

        def progress():
            try:
                written = Reminder.objects.count()
                sent = OutboundEmail.objects.filter(state="sent").count()
            except Exception:  # noqa: BLE001 — the database is restarting
                from django.db import connection

                connection.close()
                written = sent = "?"
            try:
                queues = f"{broker.llen('celery')}/{broker.llen('email')}"
            except Exception:  # noqa: BLE001 — Redis is restarting
                queues = "?"
            print(
                f"  {elapsed:5.1f}s reminders {written}, emails sent {sent}, "
                f"queued celery/email {queues}, workers {len(cluster.live_workers())}",
                flush=True,
            )

        last_step = max(first for _, first in COHORTS.values()) + 3 * STEP_GAP
        while (elapsed := (timezone.now() - start).total_seconds()) < last_step + 2:
            time.sleep(0.2)
            if elapsed - last_report >= 5:
                progress()
                last_report = elapsed
            pg_down = PG_DOWN_AT - 1 <= elapsed <= PG_DOWN_AT + PG_DOWN_FOR + 1
            killing = any(a <= elapsed < b for a, b in KILL_WINDOWS) and not pg_down
            if killing and elapsed - last_kill >= KILL_EVERY:
                # Look for a worker mid-send a little at each turn of this loop (which also
                # times the beat's takeover, so it must not block); after 4 s, any worker.
                late = elapsed - last_kill >= KILL_EVERY + 4
                if cluster.kill_a_worker_mid_send(sink, wait=0.3, or_any=late):
                    last_kill = elapsed
            if at(BEAT_KILL_AT):
                holder = Lease.objects.get(name="beat").holder
                pid = int(holder.split(":")[1])
                leader = next(n for n, p in cluster.procs.items() if p.pid == pid)
                cluster.kill(leader)
                killed_beat = (holder, time.monotonic())
                events.append(f"{elapsed:5.1f}s SIGKILL the leading beat ({leader})")
            if takeover is None and elapsed > BEAT_KILL_AT and elapsed < BEAT_KILL_AT + 30:
                try:
                    now_holder = Lease.objects.get(name="beat").holder
                except Exception:  # noqa: BLE001 — measured again at the next tick
                    now_holder = killed_beat[0]
                if now_holder != killed_beat[0]:
                    takeover = time.monotonic() - killed_beat[1]
                    events.append(f"{elapsed:5.1f}s the standby beat took over in {takeover:.1f} s")
            if at(REDIS_RESTART_AT):
                sink.delay = 3.0
                live = len(cluster.live_workers())

                def busy_workers():
                    ports = sink.busy_ports()
                    workers = cluster.live_workers()
                    return len(sockets_by_pid(cluster.groups(workers), ports)) if ports else 0

                wait_until(lambda live=live: busy_workers() >= live, 10, 0.02)
                busy = busy_workers()
                cluster.restart_redis()
                sink.delay = SMTP_DELAY
                redis_busy = (busy, live)
                events.append(
                    f"{elapsed:5.1f}s Redis killed and restarted with {busy} of {live} "
                    "workers inside an SMTP exchange"
                )
            if at(MAIL_DOWN[0]):
                sink.refuse = True
                events.append(f"{elapsed:5.1f}s mail server down (421)")
            if at(MAIL_DOWN[1]):
                sink.refuse = False
                events.append(f"{elapsed:5.1f}s mail server back")
            if at(PG_DOWN_AT - 3):
                poller.start()
            if at(PG_DOWN_AT):
                claimed_before = set(
                    OutboundEmail.objects.filter(state="sending").values_list("pk", flat=True)
                )
                stopped_at = timezone.now()
                pg_window = (time.time(), time.time() + PG_DOWN_FOR)
                pg.stop("immediate")
                events.append(f"{elapsed:5.1f}s PostgreSQL stopped (immediate)")
                time.sleep(PG_DOWN_FOR)
                pg.start()
                events.append(f"{elapsed + PG_DOWN_FOR:5.1f}s PostgreSQL started again")
                from django.db import connection

                connection.close()
                # Claimed before the stop and still unconfirmed: in flight when it went down.
                claimed_after = db_retry(
                    lambda stopped_at=stopped_at: set(
                        OutboundEmail.objects.filter(
                            state="sending", claimed_at__lte=stopped_at
                        ).values_list("pk", flat=True)
                    )
                )
                in_flight_at_pg_stop = len(claimed_before | claimed_after)
            if at(PG_DOWN_AT + PG_DOWN_FOR + 6):
                poller.stop.set()
        expected = sum(count for count, _ in COHORTS.values()) * (1 + 1 + 3 + 3)

        def all_there():
            sent = OutboundEmail.objects.filter(state="sent").count()
            return Reminder.objects.count() == expected and sent == expected

        settle_until = time.monotonic() + SETTLE
        while time.monotonic() < settle_until and not db_retry(all_there):
            time.sleep(1)
            elapsed = (timezone.now() - start).total_seconds()
            if elapsed - last_report >= 5:
                progress()
                last_report = elapsed
        time.sleep(3)  # let any late duplicate land before counting
        alive = cluster.live_workers()
        beats_alive = [
            n for n, p in cluster.procs.items() if n.startswith("beat") and p.poll() is None
        ]
        should_be_alive = [
            n for n in cluster.procs if n.startswith("worker") and n not in cluster.killed
        ]

        # --- figures --------------------------------------------------------------------------
        reminders = list(Reminder.objects.select_related("email", "commitment").order_by("pk"))
        keys = Counter((r.commitment_id, r.step, r.recipient_id) for r in reminders)
        wanted = set()
        hm, rec, hr = (people[r].pk for r in ("hiring_manager", "recruiter", "hr_generalist"))
        for commitment_id in cohort_of:
            wanted |= {(commitment_id, 1, hm), (commitment_id, 2, hm)}
            wanted |= {(commitment_id, s, p) for s in (3, 4) for p in (hm, rec, hr)}
        emails = [r.email for r in reminders if r.email_id]
        accepted = dict(sink.accepted)
        ids = {message_id_for(e.key) for e in emails}
        latencies = {cohort: [] for cohort in COHORTS}
        for reminder in reminders:
            times = accepted.get(message_id_for(reminder.email.key)) if reminder.email else None
            if times:
                # From the step's deadline, not from when the sweep wrote the row.
                commitment = reminder.commitment
                deadline = {
                    1: commitment.nudge_at,
                    2: commitment.due_at,
                    3: commitment.escalate_at,
                    4: commitment.second_escalate_at,
                }[reminder.step]
                latencies[cohort_of[reminder.commitment_id]].append(
                    min(times) - deadline.timestamp()
                )
        outside_outage = latencies["kills"] + latencies["postgres"]
        web = Counter(status for _, status, _ in poller.statuses) if poller else Counter()
        by_cohort = Counter((cohort_of[c], step) for c, step, _ in keys)
        figures = {
            "written_by_cohort_and_step": {f"{c} step {s}": n for (c, s), n in by_cohort.items()},
            "expected_reminders": expected,
            "in_app_written": Notification.objects.filter(reminder__isnull=False).count(),
            "reminders_written": len(reminders),
            "in_app_duplicates": sum(n - 1 for n in keys.values()),
            "missing": len(wanted - set(keys)),
            "wrong_recipient": len(set(keys) - wanted),
            "emails_expected": expected,
            "emails_accepted": len(ids & set(accepted)),
            "emails_duplicated": sum(len(accepted[i]) - 1 for i in ids & set(accepted)),
            # Accepted by the mail server while PostgreSQL went down, so the 'sent' UPDATE
            # failed: the same documented kind as a worker killed at that moment.
            "emails_duplicated_at_postgres_restart": sum(
                len(accepted[i]) - 1
                for i in ids & set(accepted)
                if len(accepted[i]) > 1 and pg_window[0] - 1 <= min(accepted[i]) <= pg_window[1]
            ),
            "in_flight_at_worker_kills": sum(n for _, n in cluster.in_flight_at_kills),
            "in_flight_at_postgres_stop": in_flight_at_pg_stop,
            "in_flight_by_kill": cluster.in_flight_at_kills,
            "beat_takeover_seconds": takeover,
            "beat_lease_seconds": float(env["ACCORD_BEAT_LEASE_SECONDS"]),
            "worker_command": procfile_worker_args(),
            "emails_failed": OutboundEmail.objects.filter(state="failed").count(),
            "emails_unsent": OutboundEmail.objects.exclude(state="sent").count(),
            "p50": percentile(outside_outage, 50),
            "p95": percentile(outside_outage, 95),
            "p99": percentile(outside_outage, 99),
            "max": max(outside_outage, default=None),
            "outage_cohort_max": max(latencies["mail outage"], default=None),
            "outage_cohort_p50": percentile(latencies["mail outage"], 50),
            "postgres_cohort_p95": percentile(latencies["postgres"], 95),
            "worker_kills": sum(1 for n in cluster.killed if n.startswith("worker")),
            "worker_kills_mid_send": cluster.kills_mid_send,
            "workers_alive": len(alive),
            "workers_expected_alive": len(should_be_alive),
            "beats_alive": len(beats_alive),
            "workers_busy_at_redis_restart": redis_busy,
            "refused_connections": sink.refused,
            "web_statuses_during_postgres_restart": dict(web),
            "web_non_product_pages": sum(
                1 for *_, ok in (poller.statuses if poller else []) if not ok
            ),
            "events": events,
            "logs": str(logs),
            "first_workers": workers_started,
        }
    finally:
        if poller:
            poller.stop.set()
        cluster.stop_all()
        sink.stop()
        if os.environ.get("ACCORD_FAULT_KEEP"):
            pg.stop("fast")
            print(f"kept the database cluster in {pg.dir}")
        else:
            pg.destroy()
    print_table(figures)
    out.write_text(json.dumps(figures, indent=2, default=str))
    return figures


def print_table(f):
    def s(value):
        return "—" if value is None else f"{value:.1f} s"

    rows = [
        ("expected reminders", f["expected_reminders"]),
        ("in-app written", f["in_app_written"]),
        ("in-app duplicates", f["in_app_duplicates"]),
        ("missing", f["missing"]),
        ("to the wrong person", f["wrong_recipient"]),
        ("emails expected", f["emails_expected"]),
        ("emails accepted by the mail server", f["emails_accepted"]),
        (
            "emails duplicated (same Message-ID)",
            f"{f['emails_duplicated']} ({f['emails_duplicated_at_postgres_restart']} "
            "accepted as PostgreSQL went down)",
        ),
        (
            "sends in flight at the kills (the bound)",
            f"{f['in_flight_at_worker_kills'] + f['in_flight_at_postgres_stop']} "
            f"({f['in_flight_at_worker_kills']} at worker kills, "
            f"{f['in_flight_at_postgres_stop']} at the PostgreSQL stop)",
        ),
        ("emails failed", f["emails_failed"]),
        ("deadline → email p50 (outside the mail outage)", s(f["p50"])),
        ("deadline → email p95", s(f["p95"])),
        ("deadline → email p99", s(f["p99"])),
        ("deadline → email max", s(f["max"])),
        (
            "mail-outage cohort: p50 / max",
            f"{s(f['outage_cohort_p50'])} / {s(f['outage_cohort_max'])}",
        ),
        ("worker SIGKILLs (mid-send)", f"{f['worker_kills']} ({f['worker_kills_mid_send']})"),
        ("workers alive at the end", f"{f['workers_alive']} of {f['workers_expected_alive']}"),
        ("beats alive (one was SIGKILLed)", f["beats_alive"]),
        (
            "standby beat took over after",
            f"{s(f['beat_takeover_seconds'])} (lease {f['beat_lease_seconds']:.0f} s)",
        ),
        ("workers run as", "celery -A config worker " + " ".join(f["worker_command"])),
        ("web during the PostgreSQL restart", f["web_statuses_during_postgres_restart"]),
    ]
    width = max(len(label) for label, _ in rows)
    print("\nfault scenario")
    for event in f["events"]:
        print(f"  {event}")
    print(f"  {'-' * (width + 20)}")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    print(f"  logs: {f['logs']}\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run(Path(sys.argv[1] if len(sys.argv) > 1 else "fault-results.json"))
