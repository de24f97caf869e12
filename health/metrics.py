"""/metrics for Prometheus, behind the health token (or a staff session), like /healthz's
figures.

What it exports:
- accord_request_seconds{view,method,status} — request latency, a histogram per URL name
  (measured by RequestLatencyMiddleware; across gunicorn's processes when
  PROMETHEUS_MULTIPROC_DIR is set, which compose does);
- accord_sweep_lag_seconds, accord_queue_depth — the /healthz figures of the same name;
- accord_outbox_emails{state} — emails by state (pending, sending, sent, failed, cancelled,
  bounced);
- accord_reminders_sent_total{step} — ladder reminders written, per step;
- accord_health_check_ok{check}, accord_health_value{check} — every /healthz check.
The database figures are read at each scrape (a few aggregate queries), never cached.
"""

from __future__ import annotations

import os
import time

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from commitments.models import Reminder, Step
from outbox.models import OutboundEmail

from .figures import report
from .views import may_see_figures

REQUEST_SECONDS = Histogram(
    "accord_request_seconds",
    "Time to answer a request, by URL name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestLatencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        REQUEST_SECONDS.labels(view, request.method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response


class FiguresCollector:
    """The database's figures, computed at each scrape."""

    def collect(self):
        checks = report({"broker", "schedule", "emails"}).checks
        values = {c.name: c.value for c in checks}
        ok = GaugeMetricFamily(
            "accord_health_check_ok",
            "1 when the /healthz check is within its threshold",
            labels=["check"],
        )
        figure = GaugeMetricFamily(
            "accord_health_value", "The /healthz figure (seconds or a count)", labels=["check"]
        )
        for check in checks:
            ok.add_metric([check.name], 1 if check.ok else 0)
            if isinstance(check.value, int | float) and not isinstance(check.value, bool):
                figure.add_metric([check.name], check.value)
        yield ok
        yield figure
        for name, key, text in (
            (
                "accord_sweep_lag_seconds",
                "sweep_lag_seconds",
                "Oldest due reminder step not written.",
            ),
            ("accord_queue_depth", "queue_depth", "Messages waiting in the broker's queues."),
        ):
            if isinstance(values.get(key), int | float):
                yield GaugeMetricFamily(name, text, value=values[key])
        states = dict(OutboundEmail.objects.values_list("state").annotate(n=Count("pk")).order_by())
        emails = GaugeMetricFamily("accord_outbox_emails", "Emails by state.", labels=["state"])
        for state in OutboundEmail.State.values:
            emails.add_metric([state], states.get(state, 0))
        yield emails
        steps = dict(Reminder.objects.values_list("step").annotate(n=Count("pk")).order_by())
        reminders = CounterMetricFamily(
            "accord_reminders_sent", "Ladder reminders written, per step.", labels=["step"]
        )
        for step in Step:
            reminders.add_metric([step.label.lower()], steps.get(step.value, 0))
        yield reminders


def registry() -> CollectorRegistry:
    """This scrape's registry: the request histogram (every gunicorn process's, when
    PROMETHEUS_MULTIPROC_DIR is set) and the database figures."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        collected = CollectorRegistry()
        multiprocess.MultiProcessCollector(collected)
    else:
        collected = CollectorRegistry()
        collected.register(_ProcessMetrics())
    collected.register(FiguresCollector())
    return collected


class _ProcessMetrics:
    """This process's own metrics (the request histogram), when not multiprocess."""

    def collect(self):
        yield from PROCESS_REGISTRY.collect()


@login_not_required
@never_cache
@require_GET
def metrics(request):
    if not may_see_figures(request):
        return HttpResponse(
            "The metrics need the health token.\n", status=403, content_type="text/plain"
        )
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
