"""Who a person is in the Slack workspace: found by their email (`users.lookupByEmail`),
cached on their `SlackAccount` and looked up again after ACCORD_SLACK_RECHECK_HOURS or when
their email changed. A person Slack does not know (or a deactivated Slack user) is cached as
not found: their messages go by email until the next look-up."""

from __future__ import annotations

from django.utils import timezone

from .api import SlackError, call
from .models import SlackAccount

NOT_FOUND = {"users_not_found", "user_not_found"}


def account_of(user) -> SlackAccount:
    account, _ = SlackAccount.objects.get_or_create(user=user)
    return account


def slack_user_for(user, *, now=None) -> SlackAccount | None:
    """The person's account when Slack knows them, else None. Asks Slack only when the cache
    is stale; a Slack failure other than "not found" raises SlackError (the caller retries
    or falls back to email) and leaves the cache as it was."""
    now = now or timezone.now()
    account = account_of(user)
    if not account.is_fresh(user.email, now):
        try:
            found = call("users.lookupByEmail", email=user.email).get("user") or {}
        except SlackError as error:
            if error.error not in NOT_FOUND:
                raise
            found = {}
        if found.get("deleted") or found.get("is_bot"):
            found = {}
        profile = found.get("profile") or {}
        account.slack_user_id = str(found.get("id") or "")[:32]
        account.handle = str(profile.get("display_name") or found.get("name") or "")[:100]
        account.looked_up_email = (user.email or "")[:254]
        account.checked_at = now
        account.save(update_fields=["slack_user_id", "handle", "looked_up_email", "checked_at"])
    return account if account.connected else None
