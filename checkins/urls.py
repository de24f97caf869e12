from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("requisitions/<int:pk>/status-update/", views.status_update, name="status-update"),
]
