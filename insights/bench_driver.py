"""Time pages the way people get them: over gunicorn as `make run` serves Accord (2 sync
workers, DEBUG off), on loopback, each page paired with `/healthz?only=database` in the same
run so the machine's load at that moment is in the figure (issue 24's method).

`serve()` starts gunicorn on the current database; `sessions()` signs people in (a session
row each, as `Client.force_login` makes); `measure()` drives one page with N concurrent
clients, each alternating the page and /healthz, and returns p50 / p95 of each, the ratio
(healthz p50 ÷ page p50: 1.0 would be as cheap as a one-query page) and the response
size; `count_queries()` runs the page once in-process to count its queries. Used by
`bench_insights`; any page benchmark can use it the same way.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

HEALTHZ = "/healthz?only=database"


@contextmanager
def serve(port: int, *, workers: int = 2):
    """gunicorn on 127.0.0.1:`port` with `workers` sync workers and DEBUG off, on the
    database and Redis this process uses; stopped (its process group) on exit."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "ACCORD_LOCAL_HTTP": "1",
        "ACCORD_STATIC_MANIFEST": "0",
        "ACCORD_LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--access-logfile", "/dev/null"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _size, _ = _get(port, HEALTHZ, {})
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not answer /healthz within a minute")
            time.sleep(0.2)
        yield process
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def worker_pids(process) -> list[int]:
    """The gunicorn master's worker processes."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident since start) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def sessions(users) -> dict:
    """{user pk: session cookie value}, one signed-in session each."""
    cookies = {}
    for user in users:
        client = Client()
        client.force_login(user)
        cookies[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def _get(port, path, headers, connection_=None):
    conn = connection_ or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Host": "localhost", **headers})
    response = conn.getresponse()
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
    return response.status, size, conn


@dataclass
class Timing:
    p50: float
    p95: float
    healthz_p50: float
    healthz_p95: float
    size: int
    requests: int

    @property
    def ratio(self) -> float:
        return self.healthz_p50 / self.p50 if self.p50 else 0.0


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(port: int, path: str, cookie: str, *, clients: int = 8, rounds: int = 20) -> Timing:
    """`clients` threads, each with its own keep-alive connection, each requesting the page
    then /healthz `rounds` times (after one warm-up pair). Times in ms."""
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    page_times, health_times, sizes, errors = [], [], [], []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            _get(port, path, headers, conn)
            _get(port, HEALTHZ, {}, conn)
            start.wait()
            for _ in range(rounds):
                began = time.perf_counter()
                status, size, _ = _get(port, path, headers, conn)
                took = (time.perf_counter() - began) * 1000
                began = time.perf_counter()
                _get(port, HEALTHZ, {}, conn)
                health = (time.perf_counter() - began) * 1000
                with lock:
                    if status != 200:
                        errors.append(status)
                    page_times.append(took)
                    health_times.append(health)
                    sizes.append(size)
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{path} answered {sorted(set(errors))}")
    return Timing(
        p50=statistics.median(page_times),
        p95=_percentile(page_times, 0.95),
        healthz_p50=statistics.median(health_times),
        healthz_p95=_percentile(health_times, 0.95),
        size=max(sizes),
        requests=len(page_times),
    )


def time_download(port: int, path: str, cookie: str) -> tuple[float, int]:
    """(seconds to the last byte, bytes) of one request."""
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    began = time.perf_counter()
    status, size, conn = _get(port, path, headers)
    conn.close()
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return time.perf_counter() - began, size


def count_queries(user, path: str) -> int:
    """The page's queries, run once in this process (its session and user included)."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get(path)  # warm: the permission cache, compiled templates
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if getattr(response, "streaming", False):
            for _chunk in response.streaming_content:
                pass
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} in-process")
    return len(queries)
