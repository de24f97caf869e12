"""The requisition journal. Domain functions call `record_activity` in their transaction,
so the journal also sees changes made with QuerySet.update(), which save()-hooking audit
libraries miss (STACK_NOTES)."""

from datetime import timedelta

from django.utils import timezone

from config.bulk_insert import insert_rows
from config.hooks import Hooks

from .models import Activity

# Consecutive edits of the same kind by the same person within this window fold into one
# entry (issue 7: fixing two matrix cells wrote eight entries; the journal was noise).
FOLD_WITHIN = timedelta(minutes=5)


# Later parts of a search hide entries that name what a reader may not see (an agency
# recruiter sees only the candidates they sourced). Each hider gives a Q of the entries to
# hide from `user`, or None; it is registered from the AppConfig.ready() of its app, since
# hiring cannot import the apps above it.
JOURNAL_HIDERS = Hooks(
    "hiring.journal.JOURNAL_HIDERS",
    signature="fn(*, requisition, user) -> Q | None",
    called_in="`journal_for`, when a journal is read (no transaction of its own)",
)


def journal_for(requisition, user):
    """The entries of this search's journal that `user` may read, newest first."""
    entries = requisition.activities.for_journal()
    for hide in JOURNAL_HIDERS:
        hidden = hide(requisition=requisition, user=user)
        if hidden is not None:
            # By key, not exclude(hidden): a JSON look-up on a row without that key is NULL,
            # and NOT NULL would hide the row too.
            entries = entries.exclude(pk__in=requisition.activities.filter(hidden).values("pk"))
    return entries


def record_activity(*, requisition, actor, kind: str, summary: str, details=None) -> Activity:
    return Activity.objects.create(
        requisition=requisition,
        actor=actor,
        kind=kind,
        summary=summary[:300],
        details=details or {},
    )


def record_activities(entries) -> list[Activity]:
    """Many entries in one INSERT (periodic tasks journaling a batch): unsaved Activity
    rows, summaries cut like `record_activity`'s."""
    for entry in entries:
        entry.summary = entry.summary[:300]
    return list(insert_rows(list(entries)))


def record_folded_change(
    *, requisition, actor, kind: str, scope: str, item: str, before: str, after: str, heading: str
) -> Activity:
    """Journal one change of `item` (a matrix cell, say) from `before` to `after`, folded into
    the actor's previous entry of the same kind and scope when it is the journal's latest
    and younger than FOLD_WITHIN. The entry lists each item's first `before` and last
    `after`; an item clicked back to where it was drops out of the list.

    Call it with the row being edited locked, so two edits cannot fold into one at once.
    """
    now = timezone.now()
    latest = (
        Activity.objects.filter(requisition=requisition)
        .order_by("-created_at", "-pk")
        .select_for_update()
        .first()
    )
    folds = (
        latest is not None
        and latest.actor_id == getattr(actor, "pk", None)
        and latest.kind == kind
        and latest.details.get("scope") == scope
        and now - latest.created_at <= FOLD_WITHIN
    )
    changes = dict(latest.details.get("changes", {})) if folds else {}
    first_before = changes.get(item, {}).get("from", before)
    changes[item] = {"from": first_before, "to": after}
    if changes[item]["from"] == after:
        del changes[item]
    listed = "; ".join(
        f"{name} {c['from'] or 'blank'} → {c['to'] or 'blank'}" for name, c in changes.items()
    )
    summary = f"{heading}: {listed}" if listed else f"{heading}: back as it was"
    details = {"scope": scope, "changes": changes}
    if folds:
        latest.summary, latest.details, latest.created_at = summary[:300], details, now
        latest.save(update_fields=["summary", "details", "created_at"])
        return latest
    return record_activity(
        requisition=requisition, actor=actor, kind=kind, summary=summary, details=details
    )
