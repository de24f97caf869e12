"""Every refusal as JSON: `{"detail": "…"}`, and for bad input `{"detail": "…", "errors":
{"field": ["message", …]}}` with the same messages the forms show (`__all__` for those about
no one field). Nothing the client sends is a 500."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

BAD_INPUT = "Some of what was sent needs correcting."


def form_errors(form) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def domain_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [m for e in errs for m in e.messages] for field, errs in error.error_dict.items()
        }
    return {"__all__": list(error.messages)}


class Refused(Exception):
    """Bad input found by a form or a domain function: 422 with its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(BAD_INPUT)
        self.errors = errors


# Where ninja says a value came from, not which field it is.
_WRAPPERS = ("body", "query", "path", "payload", "filters")


def _schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = [str(part) for part in error.get("loc", ()) if part not in _WRAPPERS]
        errors.setdefault(".".join(where) or "__all__", []).append(error.get("msg", "Not valid."))
    return errors


def install(api) -> None:
    def answer(request, status, detail, errors=None):
        body = {"detail": detail}
        if errors is not None:
            body["errors"] = errors
        return api.create_response(request, body, status=status)

    api.add_exception_handler(Refused, lambda r, e: answer(r, 422, BAD_INPUT, e.errors))
    api.add_exception_handler(
        DjangoValidationError, lambda r, e: answer(r, 422, BAD_INPUT, domain_errors(e))
    )
    api.add_exception_handler(
        SchemaError, lambda r, e: answer(r, 422, BAD_INPUT, _schema_errors(e))
    )
    api.add_exception_handler(Http404, lambda r, e: answer(r, 404, "Not found."))
    api.add_exception_handler(
        PermissionDenied, lambda r, e: answer(r, 403, str(e) or "You may not do this.")
    )
    api.add_exception_handler(
        AuthenticationError,
        lambda r, e: answer(r, 401, "Send a valid, unexpired token: Authorization: Bearer acc_…"),
    )
    api.add_exception_handler(HttpError, lambda r, e: answer(r, e.status_code, str(e)))
