from django.urls import path

from .views import feed, records, schedule, status_updates

app_name = "checkins"

urlpatterns = [
    path(
        "requisitions/<int:pk>/status-update/",
        status_updates.status_update,
        name="status-update",
    ),
    path(
        "requisitions/<int:pk>/checkins/",
        records.requisition_checkins,
        name="requisition-checkins",
    ),
    path("requisitions/<int:pk>/checkins/check-ins.ics", schedule.series_ics, name="series-ics"),
    path("checkins/<int:pk>/", records.checkin_detail, name="checkin-detail"),
    path("checkins/<int:pk>/record/", records.checkin_record, name="checkin-record"),
    path("checkins/<int:pk>/move/", schedule.checkin_move, name="checkin-move"),
    path("checkins/<int:pk>/cancel/", schedule.checkin_cancel, name="checkin-cancel"),
    path("checkins/<int:pk>/pulse/", records.checkin_pulse, name="checkin-pulse"),
    path("action-items/<int:pk>/", records.action_item, name="action-item"),
    path("calendar/", feed.calendar_settings, name="calendar-settings"),
    path("calendar/reset/", feed.calendar_reset, name="calendar-reset"),
    path("calendar/<str:token>.ics", feed.calendar_feed, name="calendar-feed"),
]
