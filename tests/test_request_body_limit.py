"""The request-body cap (config/body_limit.py): refused before anything reads the body."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings

from config.body_limit import RequestBodyLimit
from config.wsgi import application

ROOT = Path(__file__).resolve().parent.parent


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def call(app, **environ):
    base = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/requisitions/1/candidates/add/",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": Unreadable(),
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({**base, **environ}, start_response))
    return seen["status"], seen["headers"], body.decode()


def test_a_100_mb_post_is_refused_with_413_before_it_is_read():
    status, headers, body = call(application, CONTENT_LENGTH=str(100 * 1024 * 1024))
    assert status.startswith("413")
    assert "That upload is too large" in body and "at most 10 MB" in body
    assert headers["Connection"] == "close"


def test_a_chunked_body_without_a_length_is_refused_with_411_unread():
    status, _, body = call(application, HTTP_TRANSFER_ENCODING="chunked")
    assert status.startswith("411")
    assert "did not say how large" in body


@pytest.mark.parametrize("length", ["-5", "12abc"])
def test_a_nonsense_length_is_a_400(length):
    assert call(application, CONTENT_LENGTH=length)[0].startswith("400")


def test_a_body_within_the_cap_reaches_the_application():
    reached = []

    def inner(environ, start_response):
        reached.append(environ.get("CONTENT_LENGTH", ""))
        start_response("200 OK", [])
        return [b""]

    limit = RequestBodyLimit(inner, limit=1000)
    assert call(limit, CONTENT_LENGTH="1000")[0] == "200 OK"
    assert call(limit, CONTENT_LENGTH="1001")[0].startswith("413")
    assert call(limit, REQUEST_METHOD="GET")[0] == "200 OK"
    assert reached[0] == "1000"


def test_the_bundled_proxy_refuses_the_same_size():
    """deploy/Caddyfile's request_body max_size is the same number (Caddy's MB: 10^6)."""
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    megabytes = int(re.search(r"max_size\s+(\d+)MB", caddy).group(1))
    assert megabytes * 1_000_000 == settings.ACCORD_MAX_REQUEST_BYTES


def test_django_holds_little_of_the_form_in_memory():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_500_000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 5
