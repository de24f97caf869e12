"""Finding 7 (headers): the full production header set on a page, an htmx partial, the
CSV and an .ics — everything a signed-in person downloads stays out of every cache."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def production(settings):
    """What config/settings.py switches on with DJANGO_DEBUG=0 behind a TLS proxy."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return {"HTTP_X_FORWARDED_PROTO": "https"}


def _intake(requisition, recruiter):
    from intake.models import IntakeSession

    session = IntakeSession.objects.create(
        requisition=requisition,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        channel="video",
        scheduled_by=recruiter,
    )
    session.attendees.set([recruiter])
    return session


def assert_production_headers(response):
    h = response.headers
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = h["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert h["X-Frame-Options"] == "DENY"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert h["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = h["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    cache = {part.strip() for part in h["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    assert "public" not in cache
    assert "Cookie" in h["Vary"]


def test_authenticated_pages_partials_csv_and_ics_carry_the_production_header_set(
    client, production, requisition, recruiter, hr_lead
):
    _intake(requisition, recruiter)
    client.force_login(hr_lead)
    page = client.get(reverse("hiring:requisition-detail", args=[requisition.pk]), **production)
    partial = client.get(reverse("insights:status-board"), **HX, **production)
    csv = client.get(reverse("insights:status-board"), {"format": "csv"}, **production)
    client.force_login(recruiter)
    ics = client.get(reverse("intake:intake-ics", args=[requisition.pk]), **production)
    assert page.status_code == partial.status_code == csv.status_code == ics.status_code == 200
    assert "<html" not in partial.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert ics["Content-Type"].startswith("text/calendar")
    for response in (page, partial, csv, ics):
        assert_production_headers(response)


def test_the_login_page_for_anonymous_visitors_has_the_policies_too(client, production):
    response = client.get(reverse("accounts:login"), **production)
    assert response.status_code == 200
    assert response["Permissions-Policy"] and response["Cross-Origin-Resource-Policy"]
    assert "no-store" in response["Cache-Control"]  # Django's login view: never_cache


def test_plain_http_is_sent_to_https_in_production(client, production):
    response = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_static_files_carry_the_policies_too(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
