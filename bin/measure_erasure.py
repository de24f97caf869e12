"""How long erasing one candidate takes on a seeded database: N candidates spread over the
organisation, each erasure in a transaction rolled back (the database stays as seeded). The
README quotes its output.

Usage (a database seeded by `manage.py seed_large_employer --size small|large`):
    DATABASE_URL=postgres://…/accord_bench_x DJANGO_DEBUG=1 \
        .venv/bin/python bin/measure_erasure.py 30
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pipeline.models import Application, Candidate  # noqa: E402
from privacy.erasure import erase_candidate  # noqa: E402


class RolledBack(Exception):
    pass


def main(count: int) -> None:
    ids = list(
        Application.objects.order_by("candidate_id")
        .values_list("candidate_id", flat=True)
        .distinct()
    )
    sample = ids[:: max(1, len(ids) // count)][:count]
    times, queries = [], []
    for pk in sample:
        try:
            with transaction.atomic():
                candidate = Candidate.objects.get(pk=pk)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    erase_candidate(candidate=candidate, by=None)
                    times.append((time.perf_counter() - started) * 1000)
                queries.append(len(captured.captured_queries))
                raise RolledBack
        except RolledBack:
            pass
    times.sort()
    load = os.getloadavg()[0]
    print(
        f"{Candidate.objects.count()} candidates, {len(times)} erased: "
        f"p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, "
        f"max {times[-1]:.1f} ms, {statistics.median(queries):.0f} queries "
        f"(load average {load:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
