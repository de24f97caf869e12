from django.urls import path

from .views import agreement, calibration, sessions, versions

app_name = "intake"

base = "requisitions/<int:pk>/agreement/"
version = f"{base}versions/<int:version>/"

urlpatterns = [
    path(base, agreement.agreement, name="agreement"),
    path(f"{base}calibration/", calibration.calibration, name="calibration"),
    path(
        f"{base}calibration/present/",
        calibration.calibration_present,
        name="calibration-present",
    ),
    path(f"{base}calibration/mark/", calibration.calibration_mark, name="calibration-mark"),
    path(f"{base}calibration/amend/", calibration.calibration_amend, name="calibration-amend"),
    path(f"{base}intake/", sessions.intake_schedule, name="intake-schedule"),
    path(f"{base}intake/held/", sessions.intake_held, name="intake-held"),
    path("requisitions/<int:pk>/agreement/intake.ics", sessions.intake_ics, name="intake-ics"),
    path(f"{base}sections/<slug:section>/", agreement.section_save, name="section-save"),
    path(f"{base}matrix/<slug:step>/<slug:party>/", agreement.matrix_cell, name="matrix-cell"),
    path(f"{base}send/", agreement.agreement_send, name="agreement-send"),
    path(f"{base}decline/", agreement.search_decline, name="search-decline"),
    path(version, versions.version_detail, name="version-detail"),
    path(f"{version}sign/", versions.version_sign, name="version-sign"),
    path(f"{version}diff/", versions.version_diff, name="version-diff"),
]
