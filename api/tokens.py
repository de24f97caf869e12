"""Making, finding, metering and revoking personal access tokens.

A token is `acc_` followed by 40 random URL-safe characters. Only its SHA-256 digest is
stored, so a database dump holds no usable token; the digest is unique, so finding one is a
single indexed look-up.

The rate limit is kept in PostgreSQL (SQLite in the zero-setup mode), on the token's own row:
a fixed window of one minute, `ACCORD_API_RATE_PER_MINUTE` requests. One conditional UPDATE
per request both counts the request and stamps "last used"; it changes no row when the window
is full, so two workers cannot both let the 61st request through. Redis would save that one
write, but the zero-setup mode has no Redis and the limit must hold there too.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from .models import AccessToken

PREFIX = "acc_"
EXPIRY_CHOICES = ((30, "30 days"), (90, "90 days"), (365, "A year"))


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, user, name: str, scope: str, days: int) -> tuple[AccessToken, str]:
    """A new token for `user`; returns it with its secret, which is never stored."""
    secret = PREFIX + secrets.token_urlsafe(30)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=secret[: len(PREFIX) + 6],
        digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, secret


def find_token(secret: str) -> AccessToken | None:
    """The usable token with this secret and its active owner, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    return (
        AccessToken.objects.usable()
        .select_related("user")
        .filter(digest=digest_of(secret), user__is_active=True)
        .first()
    )


def admit(token: AccessToken, now=None) -> bool:
    """Count one request against the token's minute; False when the minute is full."""
    now = now or timezone.now()
    minute = int(now.timestamp() // 60)
    limit = settings.ACCORD_API_RATE_PER_MINUTE
    changed = (
        AccessToken.objects.filter(pk=token.pk)
        .filter(~Q(window=minute) | Q(window_count__lt=limit))
        .update(
            window_count=Case(When(window=minute, then=F("window_count") + 1), default=Value(1)),
            window=minute,
            last_used_at=now,
        )
    )
    return changed == 1


def revoke_token(*, token: AccessToken) -> None:
    """Revoke at once: the next request with it answers 401."""
    AccessToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
