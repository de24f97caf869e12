"""What an operator reads: structured logs that carry the request, error reports, traces.

- Every log line has the time, level, logger, request id and user id — one line of text, or
  one JSON object with ACCORD_LOG_JSON=1 (settings.LOGGING uses the filter and formatters
  here, in web, worker and beat alike).
- Each request gets an id (the proxy's X-Request-ID when it sends a sane one, otherwise a
  new one), answered in the X-Request-ID response header; tasks enqueued while handling it
  carry it in a message header, so the worker's log lines of that work name the same id.
  Work no request caused (beat's ticks) is logged under the task's own id.
- Error reporting (Sentry) when SENTRY_DSN is set; OpenTelemetry traces of the web when
  OTEL_EXPORTER_OTLP_ENDPOINT is set. Both are off otherwise and cost nothing.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_request_var: contextvars.ContextVar = contextvars.ContextVar("request", default=None)
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "accord_request_id"
TASK_USER_HEADER = "accord_user_id"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_user_id() -> str:
    """The signed-in user's id, without a query: only once authentication has loaded it."""
    request = _request_var.get()
    if request is not None:
        user = request.__dict__.get("_cached_user")
        if user is not None and getattr(user, "is_authenticated", False):
            return str(user.pk)
    return user_id_var.get()


# --- logging ------------------------------------------------------------------------------
class ContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to every record."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        record.user_id = current_user_id()
        return True


TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [request %(request_id)s user %(user_id)s] %(message)s"
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id,
    user id, and the exception's traceback when there is one."""

    def format(self, record):
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user_id": getattr(record, "user_id", "-"),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, json_lines: bool, level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "config.observability.ContextFilter"}},
        "formatters": {
            "text": {"format": TEXT_FORMAT},
            "json": {"()": "config.observability.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["context"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # Failed and throttled sign-ins are warnings; every successful one is not news.
            "axes": {"level": "WARNING"},
        },
    }


# --- the request id -----------------------------------------------------------------------
class RequestIdMiddleware:
    """First in MIDDLEWARE: names the request for every log line and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _SANE_ID.match(offered) else new_request_id()
        request.request_id = request_id
        tokens = (request_id_var.set(request_id), _request_var.set(request))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(tokens[0])
            _request_var.reset(tokens[1])
        response[REQUEST_ID_HEADER] = request_id
        return response


def connect_task_signals():
    """Carry the request id (and user) into the tasks a request enqueues; restore it in the
    worker while the task runs."""

    @before_task_publish.connect(weak=False, dispatch_uid="accord.request_id.publish")
    def _stamp(headers=None, **kwargs):
        if headers is not None and request_id_var.get() != "-":
            headers.setdefault(TASK_HEADER, request_id_var.get())
            headers.setdefault(TASK_USER_HEADER, current_user_id())

    @task_prerun.connect(weak=False, dispatch_uid="accord.request_id.prerun")
    def _enter(task_id=None, task=None, **kwargs):
        request = getattr(task, "request", None)
        caused_by = request.get(TASK_HEADER) if request is not None else None
        task._accord_tokens = (
            request_id_var.set(caused_by or f"task-{task_id}"),
            user_id_var.set((request.get(TASK_USER_HEADER) if request else None) or "-"),
        )

    @task_postrun.connect(weak=False, dispatch_uid="accord.request_id.postrun")
    def _leave(task=None, **kwargs):
        tokens = getattr(task, "_accord_tokens", None)
        if tokens:
            request_id_var.reset(tokens[0])
            user_id_var.reset(tokens[1])
            task._accord_tokens = None


# --- error reporting and tracing (off unless configured) ------------------------------------
def start_error_reporting() -> bool:
    """Sentry when SENTRY_DSN is set: unhandled errors of web, worker and beat, no personal
    data (no request bodies, cookies or user emails), the request id as a tag."""
    dsn = os.environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk  # noqa: PLC0415 — optional: loaded only where SENTRY_DSN is set

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("ACCORD_RELEASE") or None,
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        before_send=_tag_request_id,
    )
    return True


def _tag_request_id(event, hint):
    event.setdefault("tags", {})["request_id"] = request_id_var.get()
    return event


def start_tracing() -> bool:
    """OpenTelemetry traces of every request (Django instrumentation, OTLP over HTTP) when
    OTEL_EXPORTER_OTLP_ENDPOINT is set; OTEL_SERVICE_NAME names the service. Call before
    Django loads its middleware (config/wsgi.py does)."""
    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip():
        return False
    from opentelemetry import trace  # noqa: PLC0415 — optional: only with OTEL_EXPORTER_OTLP_ENDPOINT
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # noqa: PLC0415 — optional: only with OTEL_EXPORTER_OTLP_ENDPOINT
    from opentelemetry.instrumentation.django import DjangoInstrumentor  # noqa: PLC0415 — optional: only with OTEL_EXPORTER_OTLP_ENDPOINT
    from opentelemetry.sdk.resources import Resource  # noqa: PLC0415 — optional: only with OTEL_EXPORTER_OTLP_ENDPOINT
    from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415 — optional: only with OTEL_EXPORTER_OTLP_ENDPOINT
    from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415 — optional: only with OTEL_EXPORTER_OTLP_ENDPOINT

    provider = TracerProvider(
        resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "accord")})
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    DjangoInstrumentor().instrument()
    return True
