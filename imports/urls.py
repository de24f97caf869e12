from django.urls import path, re_path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_index, name="index"),
    re_path(
        r"^imports/template/(?P<kind>[a-z]+)\.(?P<fmt>csv|xlsx)$",
        views.import_template,
        name="template",
    ),
    path("imports/<slug:kind>/new/", views.import_upload, name="upload"),
    path("imports/runs/<int:pk>/", views.import_run, name="run"),
    path("imports/runs/<int:pk>/progress/", views.import_progress, name="run-progress"),
    path("imports/runs/<int:pk>/confirm/", views.import_confirm, name="run-confirm"),
]
