"""A database that is down answers the product's 503 page, never a traceback."""

import pytest
from django.db import OperationalError
from django.test import Client

from health.views import server_error


def test_a_database_outage_is_a_503_page_with_retry_after(rf):
    try:
        raise OperationalError('connection to server at "127.0.0.1" failed: Connection refused')
    except OperationalError:
        response = server_error(rf.get("/requisitions/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "back in a moment" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_any_other_error_is_still_the_500_page(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def _gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_a_page_whose_database_is_gone_answers_503(settings, monkeypatch, recruiter):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(recruiter)
    monkeypatch.setattr("django.contrib.auth.backends.ModelBackend.get_user", _gone)
    response = client.get("/requisitions/")
    assert response.status_code == 503
    assert "back in a moment" in response.content.decode()
