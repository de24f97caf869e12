from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("requisitions/<int:pk>/status-update/", views.status_update, name="status-update"),
    path(
        "requisitions/<int:pk>/checkins/",
        views.requisition_checkins,
        name="requisition-checkins",
    ),
    path("requisitions/<int:pk>/checkins/check-ins.ics", views.series_ics, name="series-ics"),
    path("checkins/<int:pk>/", views.checkin_detail, name="checkin-detail"),
    path("checkins/<int:pk>/record/", views.checkin_record, name="checkin-record"),
    path("checkins/<int:pk>/move/", views.checkin_move, name="checkin-move"),
    path("checkins/<int:pk>/cancel/", views.checkin_cancel, name="checkin-cancel"),
    path("checkins/<int:pk>/pulse/", views.checkin_pulse, name="checkin-pulse"),
    path("action-items/<int:pk>/", views.action_item, name="action-item"),
    path("calendar/", views.calendar_settings, name="calendar-settings"),
    path("calendar/reset/", views.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
