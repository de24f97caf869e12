"""How long a sign-in lasts: idle expiry, and "log out everywhere"."""

import secrets
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import resolve_url

LAST_ACTIVITY = "accounts.last_activity"
# Activity is written to the session at most this often, not on every request.
ACTIVITY_RESOLUTION_SECONDS = 60


class IdleSessionMiddleware:
    """Ends a session nobody has used for ACCORD_SESSION_IDLE_MINUTES (default a working
    day). The bell and the journal poll every few seconds from any open tab; those URLs
    (ACCORD_PASSIVE_URL_NAMES) do not count as use, so a tab left open overnight does not
    keep its session alive. Sits after AuthenticationMiddleware and before
    LoginRequiredMiddleware, which sends the now signed-out person to log in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        idle = settings.ACCORD_SESSION_IDLE_MINUTES * 60
        last = None
        if request.user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > idle:
                logout(request)
                request.session_ended = True
        response = self.get_response(request)
        user = getattr(request, "user", None)
        active = user is not None and user.is_authenticated and not _is_passive(request)
        if active and (last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS):
            # Saving the session also pushes its expiry (SESSION_COOKIE_AGE) forward.
            request.session[LAST_ACTIVITY] = now
        return _whole_page_to_login(request, response)


def _whole_page_to_login(request, response):
    """An htmx request whose session has just ended (a tab left open) takes the whole tab
    to the log-in page, instead of the log-in form swapped into the bell."""
    if (
        getattr(request, "session_ended", False)
        and request.headers.get("HX-Request")
        and response.status_code == 302
        and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))
    ):
        redirect = HttpResponse(status=204)
        redirect["HX-Redirect"] = response["Location"]
        return redirect
    return response


def stamp_sign_in(sender, request, user, **kwargs):
    """Signing in is activity (user_logged_in): the first page after it writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = time.time()


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
