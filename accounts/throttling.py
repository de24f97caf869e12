"""Password guessing, slowed down without letting anyone lock a colleague out.

django-axes counts failed sign-ins (on /accounts/login/ and /admin/login/ alike: it hooks
`authenticate()`) and refuses further tries with a 429 for a cool-off period:

- per username AND client address together (AXES_LOCKOUT_PARAMETERS): an attacker who
  types a victim's username wrongly five times locks only that username *from the
  attacker's own address*; the victim, elsewhere, signs in as usual;
- per client address alone, with a higher limit (ACCORD_SIGNIN_IP_FAILURE_LIMIT): one
  address trying many usernames (password spraying) is stopped too; this can only lock
  out people sharing the attacker's address.

The client address is the one our own proxies saw (`client_ip`): X-Forwarded-For is read
only as far as ACCORD_TRUSTED_PROXY_COUNT says, from the right, so a client cannot pick an
address by sending the header itself.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

# axes.models.AccessAttempt.username is a CharField(max_length=255).
USERNAME_COLUMN = 255


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of whoever connected to our outermost trusted proxy.

    With N trusted proxies each appends the address it received from to X-Forwarded-For,
    so the Nth entry from the right is the client as our first proxy saw it; anything
    further left was written by the client and is ignored. With none (the default, or a
    header shorter than N), it is REMOTE_ADDR."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    trusted = getattr(settings, "ACCORD_TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < trusted:
        return remote
    return _valid_ip(hops[-trusted]) or remote


def throttle_username(request, credentials) -> str | None:
    """The username as counted: case and spaces do not buy an attacker more tries. Cut to
    axes' 255-character column, whatever path called `authenticate()` (the log-in forms
    refuse a longer one before that; this keeps any other caller from a database error)."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None and request is not None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return username.strip().lower()[:USERNAME_COLUMN] if isinstance(username, str) else username


class SigninThrottle(AxesDatabaseHandler):
    """axes' database handler (username + address, AXES_FAILURE_LIMIT) plus the per-address
    limit for many usernames from one place."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if self.is_whitelisted(request, credentials):
            return False
        address = getattr(request, "axes_ip_address", None) or client_ip(request)
        if not address:
            return False
        attempts = AccessAttempt.objects.filter(ip_address=address)
        threshold = get_cool_off_threshold(request)
        if threshold is not None:
            attempts = attempts.filter(attempt_time__gte=threshold)
        failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        if failures >= settings.ACCORD_SIGNIN_IP_FAILURE_LIMIT:
            request.axes_locked_out = True
            return True
        return False


def lockout_response(request, original_response=None, credentials=None):
    """The 429 page: when to try again, and the way out (a reset email)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
