"""Personal access tokens: made on the settings page and shown once, stored as a digest,
scoped, expiring, revocable, metered per minute."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from api.models import AccessToken
from api.tokens import create_token, digest_of
from tests.api.helpers import bearer

LIST = "/api/v1/requisitions/"


@pytest.mark.django_db
def test_a_token_is_shown_once_and_stored_only_as_its_digest(client, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("api-tokens:token-list"), {"name": "ATS sync", "scope": "read", "days": "90"}
    )
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("acc_") and secret in response.content.decode()
    token = AccessToken.objects.get(user=recruiter)
    assert token.digest == digest_of(secret) and secret not in {token.digest, token.prefix}
    again = client.get(reverse("api-tokens:token-list")).content.decode()
    assert secret not in again and "ATS sync" in again and "Never" in again
    client.logout()
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


@pytest.mark.django_db
def test_a_bad_token_form_is_refused_next_to_the_field(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("api-tokens:token-list"), {"name": "a\x00b", "scope": "x"})
    assert response.status_code == 422
    assert not AccessToken.objects.exists()


@pytest.mark.django_db
def test_revoked_expired_and_missing_tokens_answer_401_as_json(client, recruiter):
    assert client.get(LIST).status_code == 401
    assert client.get(LIST).json()["detail"].startswith("Send a valid")
    assert client.get(LIST, HTTP_AUTHORIZATION="Bearer acc_nonsense").status_code == 401
    token, secret = create_token(user=recruiter, name="t", scope="read", days=30)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(LIST, **header).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert client.get(LIST, **header).status_code == 401
    client.force_login(recruiter)
    client.post(reverse("api-tokens:token-revoke", args=[token.pk]))
    client.logout()
    assert client.get(LIST, **header).status_code == 401
    recruiter.is_active = False
    recruiter.save()
    _, other = create_token(user=recruiter, name="t2", scope="read", days=30)
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 401


@pytest.mark.django_db
def test_nobody_revokes_another_persons_token(client, recruiter, outsider):
    token, _ = create_token(user=recruiter, name="t", scope="read", days=30)
    client.force_login(outsider)
    assert client.post(reverse("api-tokens:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_last_used_is_stamped_on_each_request(client, recruiter):
    header = bearer(recruiter, scope="read")
    client.get(LIST, **header)
    assert AccessToken.objects.get().last_used_at is not None


@pytest.mark.django_db
def test_a_token_request_starts_no_session(client, recruiter):
    """A script calling with a token keeps no sign-in: no session row, no session cookie
    (each call made one before, and set a cookie nobody sends back)."""
    from django.contrib.sessions.models import Session

    header = bearer(recruiter)
    for _ in range(3):
        response = client.get(LIST, **header)
        assert response.status_code == 200
        assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_a_read_token_may_not_write(client, recruiter):
    response = client.post(
        LIST, {}, content_type="application/json", **bearer(recruiter, scope="read")
    )
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]


@pytest.mark.django_db
def test_the_rate_limit_is_per_token_and_per_minute(client, recruiter, settings):
    settings.ACCORD_API_RATE_PER_MINUTE = 3
    first, second = bearer(recruiter, scope="read"), bearer(recruiter, scope="read")
    with time_machine.travel(timezone.now().replace(second=1), tick=False):
        assert [client.get(LIST, **first).status_code for _ in range(4)] == [200, 200, 200, 429]
        assert client.get(LIST, **second).status_code == 200
    with time_machine.travel(timezone.now().replace(second=1) + timedelta(minutes=1)):
        assert client.get(LIST, **first).status_code == 200
