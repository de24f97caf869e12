from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm
from api.urls import api_urls

admin.site.site_header = "Accord administration"
admin.site.site_title = "Accord"
admin.site.login_form = AdminLoginForm  # an over-long username is a form error there too

urlpatterns = [
    path("", include("insights.urls")),
    path("", include("hiring.urls")),
    path("", include("commitments.urls")),
    path("", include("checkins.urls")),
    path("", include("intake.urls")),
    path("", include("interviews.urls")),
    path("", include("pipeline.urls")),
    path("", include("privacy.urls")),
    path("", include("talent.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("health.urls")),
    path("", include("outbox.urls")),
    path("", include("api.urls")),
    path("", include("webhooks.urls")),
    path("", include("slack.urls")),
    path("", include("imports.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]

# A database that is down answers 503 with a product page, not a 500 (health.views).
handler500 = "health.views.server_error"
