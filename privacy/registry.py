"""Every field that can hold a candidate's personal data, in one registry read by both the
erasure and the subject-access export, so the two cannot drift apart (issue 20).

Two kinds of place:

- **Owned**: every model reached from `Candidate` by following the relations that point at it
  (résumés, applications, their stage changes, screening, questions, interviews, scorecards,
  surveys, offers, messages...). Found by walking the models, so a model or field added
  under a candidate is covered without a line here. Every free-text field of such a row is
  about the person and is erased (blank, "[erased]", or an empty JSON value); `KEPT` lists
  the few that are not (stage names from the plan, an id-like key) and says why.
- **Mentions**: texts the team writes about a search that may name the person — the
  journal (summaries, and the scorecard contents its details keep), notifications,
  commitment titles, the outbox (team emails, invitations and their calendar files),
  status updates, check-in records, action items, pulse comments. `MENTIONS` declares each
  with its path to the search. Only the rows of the person's own searches are read,
  reached through the search's index (never a scan of the whole journal or outbox); in
  them the person's name, email, phone and profile links are replaced. A journal entry
  about one of their rows (by id in its details) is rewritten whole, keeping only ids.

`tests/privacy/test_registry.py` walks every model reachable from a candidate or a search and
fails on a text field that is in none of `owned_places()`, `MENTIONS`, `KEPT` or
`SEARCH_ONLY`, then writes a marker into every registered field, erases, and scans every
text column of the database and every stored file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import connections, models, router
from django.db.models import Q, Value
from django.db.models.functions import Cast

from pipeline.models import Candidate

ERASED = "[erased]"
THEM = "an erased candidate"
TEXT_TYPES = (models.CharField, models.TextField, models.JSONField, models.BinaryField)

# Owned fields that hold nothing about the person, and why.
KEPT = {
    "pipeline.Application.interview_stage_name": "the interview plan's stage name",
    "pipeline.StageChange.from_label": "a stage's name",
    "pipeline.StageChange.to_label": "a stage's name",
    "interviews.Interview.stage_name": "the interview plan's stage name",
    "interviews.Interview.focus_areas": "the plan's focus areas, copied from the agreement",
    "interviews.Offer.salary_currency": "a currency code",
    "interviews.CandidateMessage.key": "the outbox key: kind and ids",
    "interviews.Survey.token_hash": "a hash of the private link, no content",
    "privacy.Erasure.removed": "counts of what an erasure removed",
}
# Owned rows deleted whole (their files too) rather than blanked: the résumés, the text the
# talent pool read from them and the person's pool document (issue 22: erased people vanish
# from the pool in the erasure's transaction; talent.indexing.LEFT_OUT keeps them out).
DELETED = {"pipeline.Resume", "talent.ResumeText", "talent.PoolDocument"}
# Owned JSON fields whose shape stays (the ratings count in figures): only these keys go.
JSON_TEXT_KEYS = {"interviews.Scorecard.ratings": ("note",)}

# Texts about a search that may name the person: model → (path to the search, fields).
MENTIONS = {
    "hiring.Activity": ("requisition", ("summary", "details")),
    "commitments.Commitment": ("requisition", ("title", "waived_reason", "withdrawn_reason")),
    "commitments.Notification": ("requisition", ("text",)),
    "outbox.OutboundEmail": (
        "requisition",
        ("to", "subject", "text", "html", "headers", "reply_to", "last_error", "dismiss_reason"),
    ),
    "outbox.OutboundAttachment": ("email__requisition", ("filename", "content")),
    "checkins.StatusUpdate": ("requisition", ("progress", "pipeline", "blockers", "next_steps")),
    "checkins.CheckIn": (
        "requisition",
        ("note", "cancel_reason", "progress", "blockers", "missed_reason", "snapshot"),
    ),
    "checkins.ActionItem": ("requisition", ("text", "done_note")),
    "checkins.PulseAnswer": ("requisition", ("comment",)),
    "commitments.CommitmentAnswer": ("commitment__requisition", ("reason", "answer_note")),
    # The calibration round's profiles are summaries the recruiter writes (they may name a
    # real candidate), and the manager's marks of them.
    "intake.CalibrationRound": ("requisition", ("profiles", "marks")),
    # A webhook's body is built never to name a candidate (webhooks.payloads: ids, kinds, the
    # search's title, links); registered all the same, with the receiver's answer, so an
    # erasure scrubs a name a search's title or a receiver's echo might carry.
    "webhooks.Delivery": ("requisition", ("body", "last_error")),
    # A reminder or notice sent as a Slack direct message: its words, its buttons (labels and
    # links), what a button did. What Slack itself holds is Slack's, as a sent email is.
    "slack.SlackMessage": ("requisition", ("text", "buttons", "outcome", "last_error")),
    # The cells an import read from a file (imports.ImportRow: a candidate's name, email,
    # notes…), what the preview said of the row, and the row's outcome. A row of no search
    # (refused before its search was found) is read too: the path is nullable.
    "imports.ImportRow": ("requisition", ("data", "problems", "note")),
}
# Fields of mention models that never carry the person: codes, ids, links to our own pages.
MENTION_KEPT = {
    "hiring.Activity.kind": "a code",
    "commitments.Commitment.url": "a link to one of our pages (ids only)",
    "commitments.Notification.key": "ids",
    "commitments.Notification.level": "a code",
    "commitments.Notification.url": "a link to one of our pages (ids only)",
    "outbox.OutboundEmail.key": "kind and ids",
    "outbox.OutboundEmail.claimed_by": "a worker's process name",
    "outbox.OutboundAttachment.mimetype": "a media type",
    "commitments.CommitmentAnswer.reason_code": "a code",
    "commitments.CommitmentAnswer.from_party": "a party's code",
    "webhooks.Delivery.event_key": "the event's kind and ids",
    "webhooks.Delivery.event": "an event's code",
    "slack.SlackMessage.url": "a link to one of our pages (ids only)",
    "slack.SlackMessage.channel": "a Slack channel id",
    "slack.SlackMessage.ts": "a Slack message id",
}
# Models reached from a search that hold no candidate's data at all, and why.
SEARCH_ONLY = {
    "hiring.Requisition": "the search itself, written before any candidate",
    "hiring.HiringTeamMember": "who is on the team",
    "intake.IntakeSession": "the intake meeting: when and where",
    "intake.Agreement": "the agreement: the role, plan and terms, before any candidate",
    "intake.Signature": "signatures of the agreement",
    "intake.SearchDecline": "why a search was declined, before any candidate",
    "checkins.CheckInSeries": "the check-in schedule",
    "checkins.StatusUpdateRequest": "that an update was asked for",
    "commitments.Reminder": "the steps of a commitment's ladder",
    "commitments.ActionToken": "a used email button: a digest and an action code",
    "intake.Consequence": "what followed a missed deadline: which team members were told",
    "commitments.CommitmentTally": "weekly counts of commitments: a week, codes and numbers",
}
# Journal details that name one of the person's rows: such an entry is about them whole.
LINK_KEYS = {
    "application": "pipeline.Application",
    "question": "pipeline.ReviewQuestion",
    "interview": "interviews.Interview",
    "scorecard": "interviews.Scorecard",
    "offer": "interviews.Offer",
    "message": "interviews.CandidateMessage",
}


def label(model, field=None) -> str:
    return model._meta.label + (f".{field.name}" if field is not None else "")


def is_search_vector(field) -> bool:
    """A full-text search vector (PostgreSQL's tsvector): the words of a text, stemmed."""
    return field.get_internal_type() == "SearchVectorField"


def text_fields(model) -> list:
    """Concrete fields that can hold free text (choices are codes, not text), search
    vectors of such text included."""
    return [
        f
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and not f.is_relation
        and (isinstance(f, TEXT_TYPES) or is_search_vector(f))
        and not getattr(f, "choices", None)
    ]


def reverse_relations(model) -> list:
    """The relations pointing at `model`, those without a reverse name ("+") included."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created
        and not f.concrete
        and (f.one_to_many or f.one_to_one)
        and not f.related_model._meta.auto_created
    ]


def owned_models() -> dict:
    """Every model under `Candidate`, by the relations pointing at it, with its path to the
    candidate (`"interview__application__candidate"`); the candidate itself has ""."""
    return dict(_owned_models())


# The models are fixed once the apps are loaded: the walk and the places are worked out once
# per process (an erasure read them three times, a retention run thousands of times).
@cache
def _owned_models() -> dict:
    found = {Candidate: ""}
    queue = [Candidate]
    while queue:
        model = queue.pop(0)
        for relation in reverse_relations(model):
            child = relation.related_model
            if child in found:
                continue
            path = found[model]
            found[child] = f"{relation.field.name}__{path}" if path else relation.field.name
            queue.append(child)
    return found


@dataclass(frozen=True)
class Place:
    model: type
    fields: tuple  # model fields that may hold the person's data
    path: str  # owned: to the candidate; mention: to the search
    owned: bool

    @property
    def label(self) -> str:
        return label(self.model)


def owned_places() -> list[Place]:
    return list(_owned_places())


@cache
def _owned_places() -> tuple[Place, ...]:
    places = []
    for model, path in owned_models().items():
        fields = tuple(f for f in text_fields(model) if label(model, f) not in KEPT)
        if fields or label(model) in DELETED:
            places.append(Place(model, fields, path, owned=True))
    return tuple(places)


def mention_places() -> list[Place]:
    return list(_mention_places())


@cache
def _mention_places() -> tuple[Place, ...]:
    return tuple(
        Place(
            apps.get_model(name),
            tuple(apps.get_model(name)._meta.get_field(f) for f in fields),
            path,
            owned=False,
        )
        for name, (path, fields) in MENTIONS.items()
    )


def places() -> list[Place]:
    return owned_places() + mention_places()


def field_count() -> int:
    return sum(len(p.fields) for p in places())


# --- finding the rows ------------------------------------------------------------------
@dataclass
class Person:
    """What identifies the person in others' texts, and the ids of their rows."""

    candidate: Candidate
    requisitions: list
    rows: dict  # owned model's label → ids of the person's rows in it

    @property
    def ids(self) -> dict:
        """Journal details' keys → the ids they may name."""
        ids = {key: self.rows.get(name, set()) for key, name in LINK_KEYS.items()}
        return {"candidate": {self.candidate.pk}, **ids}

    @property
    def values(self) -> list[tuple[str, str]]:
        """(value, what replaces it): longest first, so a phone inside a note goes whole."""
        c = self.candidate
        pairs = [(c.name, THEM)] + [
            (v, ERASED) for v in (c.email, c.phone, c.linkedin_url, c.portfolio_url)
        ]
        return sorted(
            [(v.strip(), new) for v, new in pairs if len(v.strip()) >= 3], key=lambda p: -len(p[0])
        )


def person_of(candidate) -> Person:
    """The person and, in one query (a UNION through each owned model's path, every join on
    an indexed foreign key), the ids of every row under them and their searches. The query's
    text is built once per process (`_rows_under`); only the candidate's id changes."""
    sql, params = _rows_under()
    params = [candidate.pk if _stands_for_anyone(p) else p for p in params]
    found = {}
    with connections[router.db_for_read(Candidate)].cursor() as cursor:
        cursor.execute(sql, params)
        for place, pk in cursor.fetchall():
            found.setdefault(place, set()).add(pk)
    return Person(candidate=candidate, requisitions=sorted(found.pop("search", ())), rows=found)


# Stands for the candidate's id while `_rows_under` compiles: no row has it (ids are positive).
_ANYONE_PK = -4_611_686_018_427_387_001


def _stands_for_anyone(param) -> bool:
    return type(param) is int and param == _ANYONE_PK


@cache
def _rows_under() -> tuple[str, tuple]:
    """person_of's UNION compiled once, `_ANYONE_PK` where the candidate's id goes."""
    candidate = Candidate(pk=_ANYONE_PK)
    parts = [
        apps.get_model("pipeline.Application")
        .objects.filter(candidate=candidate)
        .annotate(_place=Value("search", output_field=models.CharField()))
        .values_list("_place", "requisition_id")
        .order_by()
    ]
    for model, path in owned_models().items():
        if path:
            rows = model.objects.filter(**{path: candidate}).order_by()
            place = Value(label(model), output_field=models.CharField())
            parts.append(rows.annotate(_place=place).values_list("_place", "pk"))
    return parts[0].union(*parts[1:], all=True).order_by().query.sql_with_params()


def owned_rows(place: Place, person: Person):
    if place.model is Candidate:
        return Candidate.objects.filter(pk=person.candidate.pk)
    return place.model.objects.filter(pk__in=sorted(person.rows.get(place.label, ())))


def _json_forms(value: str) -> set[str]:
    return {value, json.dumps(value)[1:-1]}


def mentioning_rows(place: Place, person: Person):
    """The rows of the person's searches (through the search's index) whose texts name
    them, and journal entries about one of their rows."""
    searches = Q(**{f"{place.path}__in": person.requisitions})
    if _nullable(place.model, place.path):
        searches |= Q(**{f"{place.path}__isnull": True})  # e.g. an email of no search
    rows = place.model.objects.filter(searches)
    rule = Q()
    for field in place.fields:
        if isinstance(field, models.BinaryField):
            return rows  # a file's bytes: read in Python (privacy.erasure, exports)
        for value, _ in person.values:
            if isinstance(field, models.JSONField):
                for form in _json_forms(value):
                    rule |= Q(**{f"_text_{field.name}__icontains": form})
            else:
                rule |= Q(**{f"{field.name}__icontains": value})
    if place.label == "hiring.Activity":
        for key, ids in person.ids.items():
            if ids:
                rule |= Q(**{f"details__{key}__in": sorted(ids)})
    casts = {
        f"_text_{f.name}": Cast(f.name, models.TextField())
        for f in place.fields
        if isinstance(f, models.JSONField)
    }
    return rows.annotate(**casts).filter(rule) if casts else rows.filter(rule)


def _nullable(model, path) -> bool:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


def about_their_row(entry, person: Person) -> bool:
    """A journal entry whose details name one of the person's rows by id."""
    details = entry.details if isinstance(entry.details, dict) else {}
    return any(details.get(key) in ids for key, ids in person.ids.items())


# --- replacing ---------------------------------------------------------------------------
def scrub_text(text: str, person: Person) -> str:
    for value, new in person.values:
        if value.casefold() in text.casefold():
            text = _replace_any_case(text, value, new)
    return text


def _replace_any_case(text, old, new):
    out, lower, target, start = [], text.casefold(), old.casefold(), 0
    while (at := lower.find(target, start)) != -1:
        out += [text[start:at], new]
        start = at + len(old)
    return "".join(out) + text[start:]


def scrub_json(value, person: Person):
    if isinstance(value, str):
        return scrub_text(value, person)
    if isinstance(value, list):
        return [scrub_json(v, person) for v in value]
    if isinstance(value, dict):
        return {k: scrub_json(v, person) for k, v in value.items()}
    return value


def names_in_bytes(content: bytes, person: Person) -> bool:
    """Whether a file (a calendar invite) names the person, its folded lines unfolded."""
    text = bytes(content).decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
    text = text.replace("\\,", ",").replace("\\;", ";").casefold()
    return any(v.casefold() in text for v, _ in person.values)
