"""Calling the API as a person: a token of theirs in the Authorization header."""

from api.models import AccessToken
from api.tokens import create_token


def bearer(user, scope=AccessToken.Scope.READ_WRITE) -> dict:
    _, secret = create_token(user=user, name="test", scope=scope, days=30)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
