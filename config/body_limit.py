"""A cap on the size of every request body, applied before anything reads it.

Django reads a form's body when the view first touches `request.POST` or `request.FILES`,
and the résumé check ("at most 10 MB") ran only after that: a 100 MB POST was read whole,
then refused (issue 20, finding 7). This WSGI middleware wraps the application in
config/wsgi.py (so gunicorn, and any WSGI server, goes through it) and answers before the
body is read:

- `Content-Length` above ACCORD_MAX_REQUEST_BYTES → 413 with the product's page;
- a body without a length (`Transfer-Encoding: chunked`) → 411: browsers always send a
  length with a form, and Django would not read such a body anyway (it would reach the view
  empty); refusing it says so instead of failing further down.

The bundled proxy refuses the same sizes first (deploy/Caddyfile, `request_body
max_size`); Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE for the non-file fields,
DATA_UPLOAD_MAX_NUMBER_FILES) apply to what gets through.
"""

from django.conf import settings
from django.template.loader import render_to_string

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class RequestBodyLimit:
    def __init__(self, application, limit: int | None = None):
        self.application = application
        self.limit = limit

    def __call__(self, environ, start_response):
        limit = self.limit if self.limit is not None else settings.ACCORD_MAX_REQUEST_BYTES
        refusal = refuse_body(environ, limit=limit)
        if refusal is None:
            return self.application(environ, start_response)
        status, template = refusal
        body = render_to_string(template, {"limit_mb": limit // 1_000_000}).encode()
        start_response(
            status,
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
                ("X-Content-Type-Options", "nosniff"),
                # The body was not read: the connection cannot carry another request.
                ("Connection", "close"),
            ],
        )
        return [body]


def refuse_body(environ, *, limit: int) -> tuple[str, str] | None:
    """(status line, template) for a request whose body is refused unread, else None."""
    length = (environ.get("CONTENT_LENGTH") or "").strip()
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if chunked and environ.get("REQUEST_METHOD", "GET").upper() in BODY_METHODS:
        return "411 Length Required", "411.html"
    if not length:
        return None
    try:
        size = int(length)
    except ValueError:
        return "400 Bad Request", "400.html"
    if size < 0:
        return "400 Bad Request", "400.html"
    if size > limit:
        return "413 Content Too Large", "413.html"
    return None
