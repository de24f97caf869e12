from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .api import api

app_name = "api-tokens"

urlpatterns = [
    path("settings/api-tokens/", views.token_list, name="token-list"),
    path("settings/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]


def api_urls():
    """The API's URL table. Its operations authenticate by token, not by session, so they
    are exempt from the sign-in redirect (a script gets 401 JSON, never the login page);
    the schema and the docs page stay behind the sign-in."""
    patterns, app, namespace = api.urls
    docs = {"openapi-json", "openapi-view"}
    for pattern in patterns:
        if pattern.name not in docs:
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app, namespace
