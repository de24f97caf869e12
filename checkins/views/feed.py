"""A person's private calendar feed: its address, a new address, and the feed itself.
Fronts `checkins/feed.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hiring.ics import Method, content_type

from ..feed import feed_body, feed_events, feed_stamp, reset_feed, user_for_token


@require_GET
def calendar_settings(request):
    return render(request, "checkins/calendar_settings.html")


@require_POST
def calendar_reset(request):
    reset_feed(user=request.user)
    messages.success(request, "New calendar address made: the old one no longer works.")
    return redirect("checkins:calendar-settings")


@require_GET
@login_not_required
def calendar_feed(request, token):
    """The private feed; the token is the only key (404 for a wrong or old one)."""
    user = user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    # The stamp first (one query): an unchanged calendar answers 304 without being built,
    # and a calendar app that does not send If-None-Match gets the body built for the same
    # stamp (kept a day in this process's cache) instead of a new one.
    etag = feed_stamp(user)
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        key = f"calendar-feed:{user.pk}:{etag}"
        body = cache.get(key)
        if body is None:
            body = feed_body(user, feed_events(user))
            cache.set(key, body, timeout=24 * 3600)
        response = HttpResponse(body, content_type=content_type(Method.PUBLISH))
        response["Content-Disposition"] = 'inline; filename="accord.ics"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
