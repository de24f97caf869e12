"""How long a sign-in lasts: an idle limit, an absolute limit, and "log out everywhere".

Both limits are settings (README, "Signing in"), with defaults at what ASVS 4.0 level 2
asks of an application holding personal data (3.3.2: re-authentication after 30 minutes
idle or 12 hours in all): ACCORD_SESSION_IDLE_MINUTES (30) and
ACCORD_SESSION_ABSOLUTE_HOURS (12). Before issue 20 a session slid for 8 hours idle and had no
end at all (finding 9)."""

import secrets
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponse
from django.shortcuts import resolve_url

LAST_ACTIVITY = "accounts.last_activity"
SIGNED_IN_AT = "accounts.signed_in_at"
# Activity is written to the session at most this often, not on every request.
ACTIVITY_RESOLUTION_SECONDS = 60


class IdleSessionMiddleware:
    """Ends a session nobody has used for ACCORD_SESSION_IDLE_MINUTES, and any session
    ACCORD_SESSION_ABSOLUTE_HOURS after its sign-in, however busy. The bell and the journal
    poll every few seconds from any open tab; those URLs (ACCORD_PASSIVE_URL_NAMES) do not
    count as use, so a tab left open overnight does not keep its session alive. Sits after
    AuthenticationMiddleware and before LoginRequiredMiddleware, which sends the now
    signed-out person to log in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        last = None
        if request.user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY)
            if session_is_over(request.session, now=now):
                logout(request)
                last = None
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Only a sign-in held by the session is kept alive: a request the API authenticated
        # by a token (api.auth) has no session to keep, and must not start one per call.
        active = (
            user is not None
            and user.is_authenticated
            and SESSION_KEY in request.session
            and not _is_passive(request)
        )
        if active and (last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS):
            # Saving the session also pushes its expiry (SESSION_COOKIE_AGE) forward.
            request.session[LAST_ACTIVITY] = now
        return _whole_page_to_login(request, response)


def session_is_over(session, *, now: float) -> bool:
    """Idle too long, or signed in too long ago. A session from before the absolute limit
    existed has no sign-in time: its limit counts from its first request since."""
    last = session.get(LAST_ACTIVITY)
    if last is not None and now - last > settings.ACCORD_SESSION_IDLE_MINUTES * 60:
        return True
    signed_in_at = session.setdefault(SIGNED_IN_AT, now)
    return now - signed_in_at > settings.ACCORD_SESSION_ABSOLUTE_HOURS * 3600


def _whole_page_to_login(request, response):
    """An htmx request sent to log in (its session just ended, or expired long ago in a tab
    left open) takes the whole tab to the log-in page, instead of the log-in form swapped
    into the bell."""
    if (
        request.headers.get("HX-Request")
        and response.status_code == 302
        and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))
    ):
        redirect = HttpResponse(status=204)
        redirect["HX-Redirect"] = response["Location"]
        return redirect
    return response


def stamp_sign_in(sender, request, user, **kwargs):
    """Signing in is activity (user_logged_in): the first page after it writes nothing. It
    also starts the absolute limit's clock (login() gives the session a new key)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LAST_ACTIVITY] = now
        request.session[SIGNED_IN_AT] = now


def _is_passive(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(
        match
        and request.headers.get("HX-Request")
        and match.view_name in settings.ACCORD_PASSIVE_URL_NAMES
    )


def log_out_everywhere(*, user) -> None:
    """Ends every session of `user`, on every device, this one included: a new salt in
    the session hash (accounts.User._get_session_auth_hash) fails each session's check on
    its next request."""
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])
