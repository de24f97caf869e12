"""An import from upload to result: read the file into rows (`start`), check every row by
doing it and rolling it back (`check_some`: the preview), and, once the person has
confirmed, do it for real (`import_some`). The worker does the last two a chunk at a time
(`imports.tasks`), each chunk in one transaction with the run's row locked, so a chunk
delivered twice or a worker killed mid-chunk never does a row twice: a row's verdict is
written in the transaction of its effects, and the next chunk takes the rows without one.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hiring.journal import record_activity
from hiring.models import Activity, Requisition

from . import candidates, requisitions
from .models import ImportRow, ImportRun
from .reading import cell_problem, kept, normalise_header, read_table
from .verdicts import Verdict

KINDS = {
    ImportRun.Kind.REQUISITIONS: requisitions,
    ImportRun.Kind.CANDIDATES: candidates,
}
# Rows per chunk, and the most time one chunk may take (the task's time limit is 90 s).
CHUNK = 25
CHUNK_SECONDS = 20


def columns_of(kind: str):
    return KINDS[kind].COLUMNS


def may_import(user, kind: str) -> bool:
    return KINDS[kind].may_import(user)


class _DryRun(Exception):
    def __init__(self, verdict):
        self.verdict = verdict


# --- from the upload to rows ---------------------------------------------------------------
@transaction.atomic
def start(*, kind: str, upload, by) -> ImportRun:
    """Read the file (ValidationError for the upload field when it cannot be) and store its
    rows; the preview runs in the worker once this commits."""
    table = read_table(upload)
    names = [normalise_header(h) for h in table.header]
    ours = {c.name for c in columns_of(kind)}
    missing = [c.name for c in columns_of(kind) if c.required and c.name not in names]
    if missing:
        raise ValidationError(
            "The first row should name the columns; these are missing: "
            + ", ".join(missing)
            + ". Start from the template."
        )
    ignored = sorted({n for n in names if n and n not in ours})[:20]
    run = ImportRun.objects.create(
        kind=kind,
        created_by=by,
        file_name=_shown_name(getattr(upload, "name", "")),
        file_format=table.format,
        encoding=table.encoding,
        ignored_columns=[kept(n)[:80] for n in ignored],
        row_count=len(table.rows),
    )
    rows = []
    for number, cells in table.rows:
        data, problems = {}, []
        for index, name in enumerate(names):
            if name not in ours or name in data:
                continue
            text = cells[index] if index < len(cells) else ""
            text = text.strip()
            problem = cell_problem(text, formula=(number, index) in table.formulas)
            if problem:
                problems.append({"column": name, "message": problem})
            data[name] = kept(text)
        rows.append(ImportRow(run=run, number=number, data=data, problems=problems))
    _refuse_repeats(kind, rows)
    for row in rows:
        if row.problems:
            row.outcome = ImportRow.Outcome.REFUSE
    ImportRow.objects.bulk_create(rows, batch_size=500)
    run.checked_count = sum(1 for r in rows if r.outcome)
    run.save(update_fields=["checked_count"])
    return run


def _shown_name(name: str) -> str:
    """The file's name as the pages show it: no control or format characters (a NUL would
    not even reach PostgreSQL), at most 200 characters."""
    name = "".join(c for c in str(name) if unicodedata.category(c)[0] != "C").strip()
    return name[:200] or "upload"


def _refuse_repeats(kind, rows):
    """The same external id twice in one file, or one person twice in one search."""
    seen, emails = {}, {}
    for row in rows:
        key = row.data.get("external_id", "").strip()
        if kind == ImportRun.Kind.CANDIDATES:
            key = (row.data.get("requisition", "").strip().lower(), key)
            email = (
                row.data.get("requisition", "").strip().lower(),
                row.data.get("email", "").strip().lower(),
            )
            if email[1] and email in emails:
                row.problems.append(
                    {
                        "column": "email",
                        "message": f"The same person in the same search as row {emails[email]}.",
                    }
                )
            emails.setdefault(email, row.number)
        if (key[1] if isinstance(key, tuple) else key) and key in seen:
            row.problems.append(
                {
                    "column": "external_id",
                    "message": f"The same external id as row {seen[key]}: each once per file.",
                }
            )
        seen.setdefault(key, row.number)


# --- the preview and the import, a chunk at a time ----------------------------------------
def check_some(run_id: int) -> bool:
    """Check the next rows of a run being checked, each done and rolled back. True when
    rows remain (the task enqueues itself again)."""
    return _chunk(run_id, ImportRun.State.CHECKING, dry=True)


def import_some(run_id: int) -> bool:
    """Import the next rows of a confirmed run. True when rows remain."""
    return _chunk(run_id, ImportRun.State.IMPORTING, dry=False)


def _chunk(run_id: int, state: str, *, dry: bool) -> bool:
    started = time.monotonic()
    with transaction.atomic():
        run = (
            ImportRun.objects.select_for_update(skip_locked=True)
            .filter(pk=run_id, state=state)
            .select_related("created_by")
            .first()
        )
        if run is None:  # finished, or another worker holds it
            return False
        pending = run.rows.filter(outcome="") if dry else run.rows.filter(result="")
        batch = list(pending.order_by("number")[:CHUNK])
        context = _context(run, batch)
        for row in batch:
            if not dry and row.outcome == ImportRow.Outcome.REFUSE:
                row.result = ImportRow.Result.REFUSED
            else:
                verdict = _verdict(run, row, context, dry=dry)
                _record(row, verdict, dry=dry)
            row.save()
            if time.monotonic() - started > CHUNK_SECONDS:
                break
        done = run.rows.exclude(**({"outcome": ""} if dry else {"result": ""})).count()
        if dry:
            run.checked_count = done
        else:
            run.done_count = done
        remaining = done < run.row_count
        if not remaining:
            _finish(run, dry=dry)
        run.save()
    return remaining


def _context(run, batch):
    if run.kind == ImportRun.Kind.REQUISITIONS:
        ids = [r.data.get("external_id", "").strip() for r in batch]
        return {"people": requisitions.People(), "known": requisitions.existing(ids)}
    return {"searches": candidates.Searches(run.created_by)}


def _verdict(run, row, context, *, dry) -> Verdict:
    if row.problems and row.outcome == ImportRow.Outcome.REFUSE:
        return Verdict(outcome="refuse", problems=row.problems)
    module = KINDS[run.kind]
    by = run.created_by
    if not dry:
        with transaction.atomic():
            return module.apply(row.data, by=by, **context)
    try:
        with transaction.atomic():
            raise _DryRun(module.apply(row.data, by=by, **context))
    except _DryRun as done:
        verdict = done.verdict
    if verdict.outcome == "create":
        # Rolled back: nothing to link to yet.
        verdict.application_pk = None
        if run.kind == ImportRun.Kind.REQUISITIONS:
            verdict.requisition_id = None
        verdict.note = _future(verdict.note)
    return verdict


def _future(note: str) -> str:
    for done, will in (("Drafted", "Will draft"), ("Added", "Will add")):
        if note.startswith(done):
            return will + note[len(done) :]
    return note


def _record(row, verdict: Verdict, *, dry: bool):
    if dry:
        row.outcome = verdict.outcome
    else:
        row.result = {"create": "created", "match": "matched", "refuse": "refused"}[verdict.outcome]
    row.problems = verdict.problems
    row.note = verdict.note
    row.requisition_id = verdict.requisition_id
    row.application_pk = verdict.application_pk


def _finish(run, *, dry: bool):
    now = timezone.now()
    if dry:
        run.state = ImportRun.State.PREVIEWED
        return
    run.state, run.finished_at = ImportRun.State.DONE, now
    _journal(run)


def _journal(run):
    """One entry in the journal of each search the run touched: what it did there."""
    counts: dict[int, Counter] = {}
    for requisition_id, result in run.rows.exclude(requisition=None).values_list(
        "requisition_id", "result"
    ):
        counts.setdefault(requisition_id, Counter())[result] += 1
    what = "candidates" if run.kind == ImportRun.Kind.CANDIDATES else "the search"
    for requisition in Requisition.objects.filter(pk__in=counts):
        tally = counts[requisition.pk]
        if run.kind == ImportRun.Kind.REQUISITIONS:
            summary = (
                f"Imported from {run.file_name}"
                if tally["created"]
                else f"Matched again by an import of {run.file_name}; left as it was"
            )
        else:
            summary = (
                f"Import of {what} from {run.file_name}: {tally['created']} added, "
                f"{tally['matched']} already here, {tally['refused']} refused"
            )
        record_activity(
            requisition=requisition,
            actor=run.created_by,
            kind=Activity.Kind.IMPORTED,
            summary=summary,
            details={"import": run.pk, **dict(tally.items())},
        )


def confirm(run: ImportRun, by) -> bool:
    """The person confirms the preview: the worker imports. False when it is not theirs to
    confirm now (already confirmed, still checking)."""
    with transaction.atomic():
        updated = ImportRun.objects.filter(
            pk=run.pk, state=ImportRun.State.PREVIEWED, created_by=by
        ).update(state=ImportRun.State.IMPORTING, confirmed_at=timezone.now())
    return bool(updated)


def keep_days() -> int:
    return settings.ACCORD_IMPORT_KEEP_DAYS
