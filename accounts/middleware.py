"""Response headers Django's SecurityMiddleware does not set.

- `Cache-Control: private, no-store` on everything answered to a signed-in person: pages,
  htmx partials, the CSV and the .ics hold salary bands, names and email addresses, which
  must stay neither in a shared proxy nor in the browser's cache after they log out.
- `Permissions-Policy`: Accord uses no camera, microphone, location, payment or USB.
- `Cross-Origin-Resource-Policy: same-origin`: no other site may embed our responses.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)


class SecurityHeadersMiddleware:
    """Placed right after SecurityMiddleware, so responses from WhiteNoise get the
    Permissions-Policy and CORP as well; the user is read on the way out, once the
    authentication middleware has set it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(
            settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY
        )
        self.resource_policy = getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", "same-origin")

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self.resource_policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # public/max-age would let a shared cache keep it; no-store forbids any copy.
            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
            patch_vary_headers(response, ["Cookie"])
        return response
