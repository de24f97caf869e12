from django.urls import path

from . import views

app_name = "privacy"

one = "requisitions/<int:pk>/candidates/<int:application>/personal-data/"

urlpatterns = [
    path(one, views.candidate_privacy, name="candidate"),
    path(f"{one}export/", views.candidate_export, name="candidate-export"),
    path(f"{one}erase/", views.candidate_erase, name="candidate-erase"),
    path(f"{one}merge/", views.candidate_merge, name="candidate-merge"),
]
