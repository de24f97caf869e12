from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/badge/", views.notification_badge, name="notification-badge"),
    path("notifications/read-all/", views.notification_read_all, name="notification-read-all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification-open"),
    path("notifications/preferences/", views.reminder_preferences, name="preferences"),
    path("commitments/<int:pk>/waive/", views.commitment_waive, name="commitment-waive"),
    path(
        "requisitions/<int:pk>/commitments/",
        views.requisition_commitments,
        name="requisition-commitments",
    ),
]
