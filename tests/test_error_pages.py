"""The product's own 404, 403, 400 and 500 pages, as served with DEBUG off."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

PRODUCT_FRAME = 'class="card error-card"'


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_a_missing_page_shows_the_products_404(client, production, recruiter):
    client.force_login(recruiter)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert PRODUCT_FRAME in page and "We can’t find that page" in page
    assert "URLconf" not in page  # not Django's debug page listing every URL


@pytest.mark.django_db
def test_a_refused_page_shows_the_products_403(client, production, interviewer):
    client.force_login(interviewer)
    response = client.get(reverse("hiring:requisition-create"))
    assert response.status_code == 403
    assert "You can’t do that here" in response.content.decode()


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_says_the_page_expired(production):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert "This page has expired" in response.content.decode()


def test_the_500_page_renders_without_the_database(production):
    # No django_db mark: any query here would fail the test.
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert PRODUCT_FRAME in page and "Something went wrong on our side" in page
    assert "/static/css/app" in page


def test_the_400_page_renders_without_the_database(production):
    response = defaults.bad_request(RequestFactory().get("/"), exception=None)
    assert response.status_code == 400
    assert "We couldn’t read that request" in response.content.decode()


def test_an_unknown_host_gets_the_400_page(client, production):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "We couldn’t read that request" in response.content.decode()
