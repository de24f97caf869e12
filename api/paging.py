"""Cursor pagination: newest first by primary key, `?cursor=` taken from the last page's
`next_cursor`. The cursor is signed, so a made-up one is a 422 with a message (never a
query on a value we did not give out), and a page stays right when rows are added."""

from django.core import signing

from .errors import Refused

SALT = "api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def page(queryset, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of `queryset` (ordered here by -pk) and the cursor of the next, or None."""
    queryset = queryset.order_by("-pk")
    if cursor:
        try:
            after = int(signing.Signer(salt=SALT).unsign(cursor))
        except (signing.BadSignature, ValueError):
            raise Refused(
                {"cursor": ["This cursor is not one Accord gave out: start again without it."]}
            ) from None
        queryset = queryset.filter(pk__lt=after)
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    following = signing.Signer(salt=SALT).sign(str(rows[-1].pk)) if more else None
    return rows, following
