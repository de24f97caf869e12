"""`Authorization: Bearer acc_…`: the token's owner becomes `request.user`, so every door
and `visible_to` queryset below answers for that person exactly as on the pages."""

from ninja.errors import HttpError
from ninja.security import HttpBearer

from .tokens import admit, find_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal access token made on Settings → API tokens (`acc_…`), sent as "
        "`Authorization: Bearer acc_…`."
    )

    def authenticate(self, request, token):
        found = find_token(token)
        if found is None:
            return None  # 401
        if not admit(found):
            raise HttpError(429, "Too many requests with this token: wait a minute.")
        if request.method not in SAFE_METHODS and not found.can_write:
            raise HttpError(403, "This token may only read: make a read-write token to change.")
        request.user = found.user
        return found
