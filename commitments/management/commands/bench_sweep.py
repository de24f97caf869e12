"""Benchmark the sweep on PostgreSQL: 1,000,000 commitments of which 10,000 are due
(`--size small`: 20,000 of which 1,000, for CI).

Prints the time to sweep and enqueue the backlog (wall clock, and the CPU time of this
process beside it, which other load on the machine disturbs less), the time of an idle
tick, the queries per batch, and the plan of the sweep's query. Targets (issue 24): backlog
≤ 2 s, idle tick ≤ 2 ms. Refuses to run on a database whose name does not contain "bench":
it empties the commitment and outbox tables first. Run it with `make bench`.
"""

import os
import statistics
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from commitments.business_time import weekend_of
from commitments.models import Commitment, Notification, Reminder
from commitments.sweep import BATCH_SIZE, sweep, sweep_batch
from commitments.tallies import rebuild_tallies
from config.celery import app
from hiring.models import HiringTeamMember, Requisition

# The columns the benchmark varies, as SQL over `g` (1 … total) and `due`; every other column
# is copied from a template row saved through the model, so a column added later with a
# default (withdrawn_reason, paused_for…) needs no change here.
VARIED = {
    "subject_id": "g",
    "title": "'Review candidate ' || g",
    "started_at": "now() - interval '3 days'",
    "due_at": "due",
    "nudge_at": "due - interval '4 hours'",
    "escalate_at": "due + interval '1 day'",
    "second_escalate_at": "due + interval '3 days'",
    "next_step_at": """CASE WHEN g <= %(due)s THEN due
        WHEN g <= %(open)s THEN due - interval '4 hours' ELSE NULL END""",
    "last_step": "CASE WHEN g <= %(due)s THEN 1 ELSE 0 END",
    "state": "CASE WHEN g <= %(open)s THEN 'open' ELSE 'met' END",
    "met_at": "CASE WHEN g <= %(open)s THEN NULL ELSE now() - interval '1 day' END",
}
ROWS = """
SELECT g, CASE WHEN g <= %(due)s THEN now() - interval '1 hour'
               ELSE now() + (g %% 500 + 5) * interval '1 hour' END AS due
FROM generate_series(1, %(total)s) AS g
"""


def fill_sql() -> str:
    columns = [f.column for f in Commitment._meta.concrete_fields if not f.primary_key]
    values = [VARIED.get(c, f"template.{c}") for c in columns]
    return (
        f"INSERT INTO commitments_commitment ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM commitments_commitment AS template, ({ROWS}) AS rows "
        "WHERE template.id = %(template)s"
    )


# size → (commitments in the table, due now, open)
SIZES = {"large": (1_000_000, 10_000, 100_000), "small": (20_000, 1_000, 5_000)}


class Command(BaseCommand):
    help = "Benchmark the commitment sweep (PostgreSQL, a database named *bench*)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="large")

    def handle(self, *args, size, **options):
        total, due, open = SIZES[size]
        if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
            raise CommandError("Run on PostgreSQL, on a database whose name contains 'bench'.")
        owner, requisition = self.setup_people()
        self.stdout.write(f"Loading {total:,} commitments ({due:,} due, {open:,} open)…")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE commitments_notification, commitments_reminder, "
                "commitments_commitment, outbox_outboundattachment, outbox_outboundemail "
                "RESTART IDENTITY CASCADE"
            )
            template = Commitment.objects.create(
                kind="review_candidate",
                requisition=requisition,
                owner=owner,
                party="hiring_manager",
                subject_type=ContentType.objects.get_for_model(Requisition),
                subject_id=0,
                title="Template",
                url=f"/requisitions/{requisition.pk}/",
                started_at=timezone.now(),
                due_at=timezone.now(),
                escalate_at=timezone.now(),
                second_escalate_at=timezone.now(),
            )
            # The tally triggers (commitments.tallies) add each row to its summary one by
            # one: a million rows took over ten minutes. They are off for this session's
            # load, and the tallies are recomputed from the table once afterwards.
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(
                    fill_sql(),
                    {"template": template.pk, "due": due, "open": open, "total": total},
                )
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            template.delete()
        rebuild_tallies()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE commitments_commitment")
        self.stdout.write(f"  loaded in {time.perf_counter() - started:.1f} s")
        app.control.purge()

        # A worker that has swept before: the URL table, the holiday tables and the email
        # templates are loaded once per process (about 1 s together), not per backlog.
        reverse("commitments:email-action")
        weekend_of(requisition.country)
        for name in ("emails/reminder.txt", "emails/reminder.html"):
            get_template(name)

        now = timezone.now()
        plan = (
            Commitment.objects.ladder_due(now)
            .order_by("next_step_at")[:BATCH_SIZE]
            .explain(analyze=True)
            .splitlines()
        )
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            first, _ = sweep_batch(now=now)
        batch_queries = len(queries)
        rest = sweep(now=now)
        backlog = time.perf_counter() - started
        backlog_cpu = time.process_time() - cpu

        idle = []
        for _ in range(20):
            tick = time.perf_counter()
            sweep(now=timezone.now())
            idle.append((time.perf_counter() - tick) * 1000)

        reminders = Reminder.objects.count()
        notifications = Notification.objects.count()
        enqueued = app.control.purge()
        out = self.stdout.write
        out(self.style.SUCCESS("Sweep benchmark (PostgreSQL, this machine)"))
        out(f"  commitments in the table    {Commitment.objects.count():>10,}")
        out("  (a warm worker: URLs, holidays and email templates loaded before the clock)")
        out(f"  due and swept               {first + rest.commitments:>10,}")
        out(f"  reminders / notifications   {reminders:>10,} / {notifications:,}")
        verdict = "ok" if backlog <= 2 else "OVER the 2 s target"
        out(
            f"  backlog swept and enqueued  {backlog:>10.2f} s ({verdict}; "
            f"CPU in this process {backlog_cpu:.2f} s)"
        )
        out(
            f"  statements per batch of {BATCH_SIZE} {batch_queries:>7} (BEGIN and COMMIT included)"
        )
        median, worst = statistics.median(idle), max(idle)
        verdict = "ok" if median <= 2 else "OVER the 2 ms target"
        out(f"  idle tick, median / max     {median:>10.2f} ms / {worst:.2f} ms ({verdict})")
        out(f"  send tasks enqueued         {enqueued:>10} (chunks of emails; purged afterwards)")
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        out(f"  load average                {load} on {os.cpu_count()} cores")
        out("  plan of the sweep's query:")
        for line in plan:
            out(f"    {line}")

    def setup_people(self):
        owner, _ = User.objects.get_or_create(
            username="bench-manager",
            defaults={"role": "hiring_manager", "email": "bench@example.com"},
        )
        requisition = Requisition.objects.filter(title="Bench search").first()
        if requisition is None:
            requisition = Requisition.objects.create(
                title="Bench search",
                department="Bench",
                location="London",
                country="GB",
                time_zone="Europe/London",
                salary_currency="GBP",
                state="open",
                created_by=owner,
            )
            HiringTeamMember.objects.create(
                requisition=requisition, user=owner, role="hiring_manager"
            )
        return owner, requisition
