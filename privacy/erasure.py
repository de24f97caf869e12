"""Erasing a candidate: the person goes, the counts stay.

What goes is every place of `privacy.registry`: each free-text field of every row under the
candidate (contact details and notes, résumés and their files, source details, stage-change
notes, screening, questions and answers, interview notes and places, scorecard notes — the
ratings stay —, offer notes, survey comments, messages to them), and, in the texts of their
searches (journal, notifications, commitment titles, team emails and their calendar files,
status updates, check-in records, action items, pulse comments), their name, email, phone
and profile links. A journal entry about one of their rows keeps only its kind and ids;
emails to them keep no address, subject or text, and those not yet sent are cancelled.

What stays, so every figure stays right: the Candidate row (renamed, with an address that
cannot receive mail), each Application with its stage, dates, source and closing reason,
stage changes, interviews, scorecard ratings and recommendations, offers' state, survey
ratings. The journal records the erasure without personal data.
"""

import logging

from django.db import models, transaction
from django.utils import timezone

from hiring.journal import record_activities
from hiring.models import Activity
from outbox.models import OutboundEmail
from pipeline.models import Candidate

from .mentions import mention_hits
from .models import Erasure
from .registry import (
    DELETED,
    ERASED,
    JSON_TEXT_KEYS,
    THEM,
    about_their_row,
    is_search_vector,
    label,
    mention_places,
    names_in_bytes,
    owned_places,
    owned_rows,
    person_of,
    scrub_json,
    scrub_text,
)

logger = logging.getLogger(__name__)
NOWHERE = "erased@invalid"


def _erased_value(field):
    if is_search_vector(field):
        return None  # rebuilt from the erased text, if at all
    if isinstance(field, models.JSONField):
        return field.get_default()
    if isinstance(field, models.EmailField):
        return NOWHERE
    return "" if field.blank else ERASED


def _erase_owned(place, rows) -> int:
    """Blank every registered field of the rows: one UPDATE, and the rows whose JSON keeps
    its shape (scorecard ratings) one by one."""
    shaped = [f for f in place.fields if label(place.model, f) in JSON_TEXT_KEYS]
    plain = {f.name: _erased_value(f) for f in place.fields if f not in shaped}
    count = rows.update(**plain) if plain else 0
    for field in shaped:
        keys = JSON_TEXT_KEYS[label(place.model, field)]
        changed = list(rows.only("pk", field.name))
        for row in changed:
            setattr(row, field.name, _blank_keys(getattr(row, field.name), keys))
        place.model.objects.bulk_update(changed, [field.name])
        count = max(count, len(changed))
    return count


def _blank_keys(value, keys):
    if isinstance(value, list):
        return [_blank_keys(v, keys) for v in value]
    if isinstance(value, dict):
        return {k: ("" if k in keys else v) for k, v in value.items()}
    return value


def _scrub_row(row, place, person) -> bool:
    changed = False
    for field in place.fields:
        value = getattr(row, field.name)
        if isinstance(value, str):
            new = scrub_text(value, person)
        elif isinstance(value, dict | list):
            new = scrub_json(value, person)
        else:
            continue
        if isinstance(new, str) and field.max_length:
            new = new[: field.max_length]  # "an erased candidate" may be longer than a name
        if new != value:
            setattr(row, field.name, new)
            changed = True
    return changed


def _erase_mentions(place, person, to_person: set, hits: set) -> int:
    """Their name, email, phone and links out of one kind of text in their searches
    (`hits`: the ids of its rows that name them, from `mention_hits`)."""
    if not hits:
        return 0
    rows = list(place.model.objects.filter(pk__in=sorted(hits)))
    names = [f.name for f in place.fields]
    if place.label == "outbox.OutboundAttachment":
        gone = [
            a.pk
            for a in rows
            if a.email_id in to_person
            or names_in_bytes(a.content, person)
            or _scrub_row(a, place, person)
        ]
        return place.model.objects.filter(pk__in=gone).delete()[0]
    changed = []
    address = person.candidate.email.casefold()
    for row in rows:
        if place.label == "hiring.Activity" and about_their_row(row, person):
            row.summary = f"{_kind_label(row.kind)}: {THEM}"
            row.details = _ids_only(row.details)
        elif place.label == "outbox.OutboundEmail" and address in {a.casefold() for a in row.to}:
            to_person.add(row.pk)
            row.to, row.subject, row.text, row.html = [NOWHERE], ERASED, ERASED, ""
            row.reply_to, row.headers = "", {}
            if row.state != OutboundEmail.State.SENT:  # nothing more goes to an erased person
                row.state, row.last_error = OutboundEmail.State.CANCELLED, "recipient erased"
                names = [*names, "state"]
        elif place.label == "imports.ImportRow":
            # A line of an imported file that names them is about them whole: every cell.
            row.data = dict.fromkeys(row.data if isinstance(row.data, dict) else (), ERASED)
            row.problems = scrub_json(row.problems, person)
            row.note = scrub_text(row.note, person)
        elif not _scrub_row(row, place, person):
            continue
        changed.append(row)
    place.model.objects.bulk_update(changed, sorted(set(names)))
    return len(changed)


def _kind_label(kind) -> str:
    try:
        return Activity.Kind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


def _ids_only(details):
    """A journal entry's details without any text: ids, flags and lists of ids."""
    if not isinstance(details, dict):
        return {}

    def plain(v):
        return (
            v is None
            or isinstance(v, bool | int)
            or (isinstance(v, list) and all(isinstance(i, int) for i in v))
        )

    return {k: v for k, v in details.items() if plain(v)}


@transaction.atomic
def erase_candidate(*, candidate, by=None, reason=Erasure.Reason.REQUEST) -> Erasure:
    """Erase `candidate`'s personal data (see the module docstring) from every place of
    `privacy.registry`. Once: a second call returns the first Erasure. The files are deleted
    from storage after the transaction commits, so a rolled-back erasure leaves them."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    person = person_of(candidate)  # its rows include an Erasure already made
    if person.rows.get(label(Erasure)):
        return Erasure.objects.get(candidate=candidate)
    removed, files = {}, []
    for place in owned_places():
        if place.model in (Candidate, Erasure):
            continue
        if not person.rows.get(place.label):
            continue
        rows = owned_rows(place, person)
        if place.label in DELETED:
            for field in place.model._meta.get_fields():
                if isinstance(field, models.FileField):
                    names = [n for n in rows.values_list(field.name, flat=True) if n]
                    files += [(field.storage, n) for n in names]
            removed[place.label] = rows.delete()[0]
        else:
            removed[place.label] = _erase_owned(place, rows)
    to_person, hits = set(), mention_hits(person)
    for place in mention_places():  # the outbox before its attachments
        found = hits.get(place.label, set())
        removed[place.label] = _erase_mentions(place, person, to_person, found)

    [own] = [p for p in owned_places() if p.model is Candidate]
    fields = {f.name: _erased_value(f) for f in own.fields}
    fields |= {
        "name": f"Erased candidate {candidate.pk}",
        "email": f"erased-{candidate.pk}@invalid",
    }
    Candidate.objects.filter(pk=candidate.pk).update(**fields)
    erasure = Erasure.objects.create(
        candidate=candidate,
        reason=reason,
        erased_by=by,
        removed={k: v for k, v in removed.items() if v},
        erased_at=timezone.now(),
    )
    summary = "Erased a candidate's personal data" + (
        " (retention period over)" if reason == Erasure.Reason.RETENTION else ""
    )
    record_activities(
        [
            Activity(
                requisition_id=requisition,
                actor=by,
                kind=Activity.Kind.CANDIDATE_ERASED,
                summary=summary,
                details={"erasure": erasure.pk},
            )
            for requisition in person.requisitions
        ]
    )
    transaction.on_commit(lambda: _delete_files(files))
    return erasure


def erased_among(*, ids) -> set[int]:
    """talent.indexing.LEFT_OUT: the erased among these candidates (never in the pool)."""
    return set(Erasure.objects.filter(candidate__in=ids).values_list("candidate_id", flat=True))


def _delete_files(files):
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 — the disk or the store refuses: logged, rows gone
            logger.warning("could not delete an erased candidate's file %s", name, exc_info=True)
