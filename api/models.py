"""Personal access tokens: how a script speaks to the API as the person who made it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AccessTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at=None, expires_at__gt=now)


class AccessToken(models.Model):
    """A personal access token. Only a SHA-256 digest of its secret is kept: the secret is
    shown once, when it is made (`api.tokens.create_token`). A token answers exactly what
    its owner may see on the pages, never more; `read` tokens may only read."""

    class Scope(models.TextChoices):
        READ = "read", "Read"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=80)
    # The first characters of the secret, to tell tokens apart on the settings page.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The rate limit's fixed window (api.tokens.admit): the minute it counts and how many
    # requests it has seen, kept on the row and moved by one conditional UPDATE per request.
    window = models.BigIntegerField(default=0)
    window_count = models.PositiveIntegerField(default=0)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                name="accesstoken_user_idx",
                condition=Q(revoked_at=None),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
