from django.urls import path

from . import views

app_name = "intake"

base = "requisitions/<int:pk>/agreement/"

urlpatterns = [
    path(base, views.agreement, name="agreement"),
    path(f"{base}intake/", views.intake_schedule, name="intake-schedule"),
    path(f"{base}intake/held/", views.intake_held, name="intake-held"),
    path("requisitions/<int:pk>/agreement/intake.ics", views.intake_ics, name="intake-ics"),
    path(f"{base}sections/<slug:section>/", views.section_save, name="section-save"),
    path(f"{base}matrix/<slug:step>/<slug:party>/", views.matrix_cell, name="matrix-cell"),
    path(f"{base}send/", views.agreement_send, name="agreement-send"),
    path(f"{base}decline/", views.search_decline, name="search-decline"),
    path(f"{base}versions/<int:version>/", views.version_detail, name="version-detail"),
    path(f"{base}versions/<int:version>/sign/", views.version_sign, name="version-sign"),
    path(f"{base}versions/<int:version>/diff/", views.version_diff, name="version-diff"),
]
