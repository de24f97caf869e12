"""How long a standby beat takes to take over: two beats at production timings
(ACCORD_BEAT_LEASE_SECONDS, default 30), the lease holder SIGKILLed at a random point of its
renewal cycle, the time until the other beat holds the lease. The README quotes its output.

Usage (a migrated database and a Redis of your own; nothing consumes what the beats send):
    DATABASE_URL=postgres://…/accord_x REDIS_URL=redis://…/N DJANGO_DEBUG=1 \
        .venv/bin/python bin/measure_beat_takeover.py 4
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from health.models import Lease  # noqa: E402


def measure_once(folder: Path) -> float:
    Lease.objects.filter(name="beat").delete()
    beats = []
    for n in (1, 2):
        var = folder / f"beat{n}"
        var.mkdir(parents=True, exist_ok=True)
        beats.append(
            subprocess.Popen(
                [str(ROOT / ".venv/bin/celery"), "-A", "config", "beat", "--loglevel", "WARNING"],
                cwd=ROOT,
                env={**os.environ, "ACCORD_VAR_DIR": str(var)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
    try:
        deadline = time.time() + 60
        while not Lease.objects.filter(name="beat").exclude(holder="").exists():
            if time.time() > deadline:
                raise RuntimeError("no beat took the lease within a minute")
            time.sleep(0.2)
        time.sleep(random.uniform(15, 35))  # an arbitrary point of the renewal cycle
        holder = Lease.objects.get(name="beat").holder
        leader = next(b for b in beats if b.pid == int(holder.split(":")[1]))
        os.killpg(leader.pid, signal.SIGKILL)
        killed = time.monotonic()
        while Lease.objects.get(name="beat").holder == holder:
            time.sleep(0.1)
        return time.monotonic() - killed
    finally:
        for beat in beats:
            if beat.poll() is None:
                os.killpg(beat.pid, signal.SIGKILL)
            beat.wait()


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory(prefix="accord-beats-") as folder:
        taken = []
        for run in range(runs):
            taken.append(measure_once(Path(folder) / str(run)))
            print(f"run {run + 1}: the standby took over {taken[-1]:.1f} s after the SIGKILL")
    print("takeover seconds:", ", ".join(f"{t:.1f}" for t in taken), f"(max {max(taken):.1f})")
