from django.urls import path

from .views import absences, actions, answers, notifications

app_name = "commitments"

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/badge/", notifications.notification_badge, name="notification-badge"),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    path(
        "notifications/<int:pk>/open/",
        notifications.notification_open,
        name="notification-open",
    ),
    path("notifications/preferences/", notifications.reminder_preferences, name="preferences"),
    path("commitments/<int:pk>/", answers.commitment_detail, name="commitment-detail"),
    path("commitments/<int:pk>/decline/", answers.commitment_decline, name="commitment-decline"),
    path(
        "commitments/<int:pk>/more-time/",
        answers.commitment_more_time,
        name="commitment-more-time",
    ),
    path("commitments/<int:pk>/answer/", answers.commitment_answer, name="commitment-answer"),
    path(
        "commitments/<int:pk>/act/<slug:action>/",
        actions.commitment_act,
        name="commitment-act",
    ),
    # A button in an email: the token rides in the query string (?t=), which the access
    # log leaves out (gunicorn.conf.py), and in the confirmation page's POST body.
    path("act/", actions.email_action, name="email-action"),
    path("away/", absences.absence_list, name="absences"),
    path("away/<int:pk>/end/", absences.absence_end, name="absence-end"),
    path("commitments/<int:pk>/waive/", notifications.commitment_waive, name="commitment-waive"),
    path(
        "requisitions/<int:pk>/commitments/",
        notifications.requisition_commitments,
        name="requisition-commitments",
    ),
]
