from django.urls import path

from . import views

app_name = "slack"

urlpatterns = [
    path("settings/slack/", views.slack_settings, name="settings"),
    path("slack/interactions/", views.interactions_view, name="interactions"),
]
