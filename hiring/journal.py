"""The requisition journal. Domain functions call `record_activity` in their transaction,
so the journal also sees changes made with QuerySet.update(), which save()-hooking audit
libraries miss (STACK_NOTES)."""

from .models import Activity


def record_activity(*, requisition, actor, kind: str, summary: str, details=None) -> Activity:
    return Activity.objects.create(
        requisition=requisition,
        actor=actor,
        kind=kind,
        summary=summary[:300],
        details=details or {},
    )
