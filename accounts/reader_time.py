"""Times as each reader reads them: pages render dates in the signed-in person's own time
zone (User.time_zone, the organisation's when empty), activated per request."""

from django.utils import timezone


class ReaderTimeZoneMiddleware:
    """After authentication: `timezone.activate(user.zone)` for the request, so every
    `{{ value|date }}` is the reader's wall clock; anonymous pages use the organisation's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
