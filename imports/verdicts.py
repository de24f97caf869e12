"""What became of one row: created, matched or refused, with the reasons per column."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError


def problems_of(error: ValidationError) -> list:
    """A domain refusal as per-column problems ("" for the row as a whole)."""
    if hasattr(error, "error_dict"):
        return [
            {"column": "" if k == "__all__" else k, "message": str(m)}
            for k, messages in error.message_dict.items()
            for m in messages
        ]
    return [{"column": "", "message": str(m)} for m in error.messages]


@dataclass
class Verdict:
    outcome: str  # "create", "match", "refuse" (ImportRow.Outcome)
    problems: list = field(default_factory=list)  # [{"column", "message"}]
    note: str = ""
    requisition_id: int | None = None
    application_pk: int | None = None

    @classmethod
    def refused(cls, column: str, message: str, **links):
        return cls(outcome="refuse", problems=[{"column": column, "message": message}], **links)

    @classmethod
    def matched(cls, note: str, *, requisition=None, application=None):
        return cls(
            outcome="match",
            note=note[:300],
            requisition_id=getattr(requisition, "pk", None),
            application_pk=getattr(application, "pk", None),
        )

    @classmethod
    def created(cls, note: str, *, requisition=None, application=None):
        return cls(
            outcome="create",
            note=note[:300],
            requisition_id=getattr(requisition, "pk", None),
            application_pk=getattr(application, "pk", None),
        )
