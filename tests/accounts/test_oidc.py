"""Single sign-on against a local OpenID Connect provider (tests/oidc_provider.py): real
HTTP, a real RS256-signed id_token, mozilla-django-oidc unmocked."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from accounts.oidc import discovery
from tests.factories import UserFactory
from tests.oidc_provider import Provider, other_key

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    with Provider() as running:
        yield running


@pytest.fixture
def sso(settings, provider):
    provider.reset()
    discovery.cache_clear()
    settings.ACCORD_OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    yield provider
    discovery.cache_clear()


def sign_in(client, provider, **claims):
    """The browser's round trip: Accord → provider (consents) → Accord's callback."""
    provider.next_claims = claims
    start = client.get(reverse("accounts:oidc-start"), {"next": "/requisitions/"})
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer)
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def test_single_sign_on_signs_in_the_account_with_the_same_email(client, sso):
    manager = UserFactory(username="daniel", email="Daniel.Weiss@example.com")
    response = sign_in(client, sso, email="daniel.weiss@EXAMPLE.com", email_verified=True)
    assert response.status_code == 302 and response["Location"] == "/requisitions/"
    assert client.session["_auth_user_id"] == str(manager.pk)
    assert client.get(reverse("insights:home")).status_code == 200


def test_the_login_page_offers_single_sign_on_only_when_configured(client, settings, sso):
    assert (
        "Sign in with your company account"
        in client.get(reverse("accounts:login")).content.decode()
    )
    settings.ACCORD_OIDC_ISSUER = ""
    html = client.get(reverse("accounts:login")).content.decode()
    assert "company account" not in html
    assert client.get(reverse("accounts:oidc-start")).status_code == 404


def test_an_email_without_an_account_signs_nobody_in_and_creates_no_account(client, sso):
    from accounts.models import User

    before = User.objects.count()
    response = sign_in(client, sso, email="stranger@example.com")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == before


def test_an_unverified_email_or_an_inactive_account_signs_nobody_in(client, sso):
    UserFactory(email="hannah@example.com")
    UserFactory(email="gone@example.com", is_active=False)
    sign_in(client, sso, email="hannah@example.com", email_verified=False)
    assert "_auth_user_id" not in client.session
    sign_in(client, sso, email="gone@example.com")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("forgery", ["another client", "another key", "another issuer"])
def test_an_id_token_for_another_client_or_signed_by_another_key_is_refused(client, sso, forgery):
    UserFactory(email="daniel@example.com")
    if forgery == "another client":
        sso.audience = "someone-else"
    elif forgery == "another key":
        sso.signing_key = other_key()
    else:
        sso.issuer_claim = "http://evil.example"
    response = sign_in(client, sso, email="daniel@example.com")
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_a_replayed_callback_is_refused(client, sso):
    UserFactory(email="daniel@example.com")
    sso.next_claims = {"email": "daniel@example.com"}
    start = client.get(reverse("accounts:oidc-start"))
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    url = f"{callback.path}?{callback.query}"
    assert client.get(url).status_code == 302
    client.logout()
    replay = client.get(url)  # the state and the code were spent
    assert replay.status_code == 302 and replay["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_provider_that_is_down_sends_people_back_to_log_in_not_to_a_500(client, settings):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    discovery.cache_clear()
    settings.ACCORD_OIDC_ISSUER = f"http://127.0.0.1:{port}"
    settings.OIDC_RP_CLIENT_ID = "accord"
    response = client.get(reverse("accounts:oidc-start"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    page = client.get(response["Location"]).content.decode()
    assert "not answering" in page
    discovery.cache_clear()
