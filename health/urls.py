from django.urls import path

from . import metrics, views

app_name = "health"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("operations/emails/", views.email_list, name="email-list"),
    path("operations/emails/retry/", views.email_retry, name="email-retry"),
    path("operations/emails/dismiss/", views.email_dismiss, name="email-dismiss"),
]
