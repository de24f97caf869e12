"""The few Slack Web API methods Accord calls, over plain HTTPS (urllib: no client library).

`call(method, **arguments)` POSTs to ACCORD_SLACK_API_URL + method with the bot token and
returns Slack's JSON answer when it says `"ok": true`; otherwise it raises `SlackError`
naming Slack's error code and whether trying again may help (HTTP 429 and 5xx, a network
failure, Slack's own `ratelimited` / `internal_error` / `service_unavailable` …). The base
URL is a setting, so the tests point it at a local server that speaks the same JSON.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

TIMEOUT = 10  # seconds, per call: a task holds its claim for at most a few calls
# Methods whose arguments Slack reads only as a form (users.lookupByEmail takes no JSON).
FORM_METHODS = {"users.lookupByEmail"}
RETRYABLE = {
    "ratelimited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
    "network",
}


class SlackError(Exception):
    def __init__(self, error: str, *, retryable: bool = False, retry_after: float | None = None):
        super().__init__(error)
        self.error = error
        self.retryable = retryable or error in RETRYABLE
        self.retry_after = retry_after


def configured() -> bool:
    """Slack is off unless both the bot token and the signing secret are set."""
    return bool(settings.ACCORD_SLACK_BOT_TOKEN and settings.ACCORD_SLACK_SIGNING_SECRET)


def call(method: str, **arguments) -> dict:
    url = settings.ACCORD_SLACK_API_URL.rstrip("/") + "/" + method
    headers = {"Authorization": f"Bearer {settings.ACCORD_SLACK_BOT_TOKEN}"}
    if method in FORM_METHODS:
        body = urllib.parse.urlencode(arguments).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        body = json.dumps(arguments).encode()
        headers["Content-Type"] = "application/json; charset=utf-8"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 — our setting
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        retry_after = error.headers.get("Retry-After") if error.headers else None
        raise SlackError(
            f"http_{error.code}",
            retryable=error.code == 429 or error.code >= 500,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SlackError("network", retryable=True) from error
    except ValueError:
        raise SlackError("bad_json", retryable=True) from None
    if not isinstance(answer, dict) or not answer.get("ok"):
        code = str(answer.get("error", "unknown")) if isinstance(answer, dict) else "unknown"
        raise SlackError(code[:100])
    return answer
