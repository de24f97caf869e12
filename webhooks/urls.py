from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("settings/webhooks/", views.endpoint_list, name="endpoint-list"),
    path("settings/webhooks/<int:pk>/", views.endpoint_detail, name="endpoint-detail"),
    path("settings/webhooks/<int:pk>/log/", views.delivery_log, name="delivery-log"),
    path("settings/webhooks/<int:pk>/test/", views.endpoint_test, name="endpoint-test"),
    path("settings/webhooks/<int:pk>/secret/", views.endpoint_secret, name="endpoint-secret"),
    path("settings/webhooks/<int:pk>/delete/", views.endpoint_delete, name="endpoint-delete"),
    path(
        "settings/webhooks/<int:pk>/deliveries/<int:delivery>/retry/",
        views.delivery_retry,
        name="delivery-retry",
    ),
]
