"""A candidate with a marker in every registered field of every place that can hold their
data (privacy.registry), for the erasure and export tests of issue 20 (findings 2 and 3)."""

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from hiring.models import Requisition
from pipeline.models import Application, Candidate
from privacy.registry import (
    JSON_TEXT_KEYS,
    is_search_vector,
    label,
    mention_places,
    owned_models,
    owned_places,
)
from tests.pipeline.helpers import add, pdf_upload


class Rows:
    """Makes a row of any model with its required fields, reusing the given parents."""

    def __init__(self, known):
        self.known = dict(known)  # model → instance

    def of(self, model, **fixed):
        values = dict(fixed)
        for field in model._meta.concrete_fields:
            # A primary key is made by the database, unless it is the parent itself
            # (a row one-to-one with its candidate or résumé: the talent pool's).
            if field.primary_key and not field.is_relation:
                continue
            if field.name in values or field.null:
                continue
            if field.has_default() and not field.is_relation:
                continue
            if field.is_relation:
                target = field.related_model
                if target is ContentType:
                    values[field.name] = ContentType.objects.get_for_model(Application)
                else:
                    values[field.name] = self.known.get(target) or self.of(target)
            elif field.choices:
                values[field.name] = field.choices[0][0]
            elif isinstance(field, models.JSONField):
                continue
            elif isinstance(field, models.EmailField):
                values[field.name] = "team@example.com"
            elif isinstance(field, models.CharField | models.TextField):
                values[field.name] = uuid.uuid4().hex[: field.max_length or 32]
            elif isinstance(field, models.DateTimeField):
                values[field.name] = timezone.now()
            elif isinstance(field, models.DateField):
                values[field.name] = datetime.date.today()
            elif isinstance(field, models.BinaryField):
                values[field.name] = b""
            elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
                values[field.name] = 1
        row = model.objects.create(**values)
        self.known.setdefault(model, row)
        return row


def _json(field, text):
    keys = JSON_TEXT_KEYS.get(label(field.model, field))
    if keys:
        return [{**dict.fromkeys(keys, text), "rating": 3}]
    return [{"text": text}] if isinstance(field.get_default(), list) else {"text": text}


def scan_database(needles) -> dict:
    """Every text, JSON and binary column of every table, as a dump would hold them."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb', 'bytea')"
        )
        for table, column, kind in cursor.fetchall():
            for needle in needles:
                if kind == "bytea":
                    where = f'position(%s::bytea in "{column}") > 0'
                    sql = f'SELECT count(*) FROM "{table}" WHERE {where}'
                    cursor.execute(sql, [needle.encode()])
                else:
                    sql = f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s'
                    cursor.execute(sql, [f"%{needle}%"])
                if count := cursor.fetchone()[0]:
                    found[f"{table}.{column} ∋ {needle}"] = count
    return found


@dataclass
class Marked:
    candidate: Candidate
    markers: dict  # where → marker: each must be in the export
    needles: list  # the person's data: none may survive erasure

    def scan(self):
        return scan_database(self.needles)


def marked_candidate(requisition, recruiter) -> Marked:
    """Call with MEDIA_ROOT pointing at a temporary folder."""
    identity = {
        "name": "Ninon Mkname",
        "email": "mkmail.ninon@example.com",
        "phone": "+44 7700 MKPHONE",
        "linkedin_url": "https://www.linkedin.com/in/mklinkedin",
        "portfolio_url": "https://mkportfolio.example.com",
    }
    application = add(requisition, recruiter, resume=pdf_upload(), **identity)
    candidate = application.candidate
    rows = Rows(
        {
            Candidate: candidate,
            Application: application,
            Requisition: requisition,
            get_user_model(): recruiter,
        }
    )
    # A row of every model under the candidate, made by the test when the domain made none.
    owned = owned_models()
    for model, path in owned.items():
        if model._meta.label == "privacy.Erasure":
            continue
        mine = model.objects.filter(**{path: candidate}) if path else None
        if mine is not None and not mine.exists():
            rows.of(model)
        if mine is not None:
            rows.known[model] = mine.first()
    # Every owned field gets a marker of its own.
    markers, n = {}, 0
    for place in owned_places():
        if place.model is Candidate:
            fields = [f for f in place.fields if f.name not in identity]
        else:
            fields = place.fields
        values = {}
        for field in fields:
            n += 1
            marker = f"MKOWN{n:03d}Q"
            if is_search_vector(field):  # the words of a text, as PostgreSQL indexes them
                if connection.vendor == "postgresql":
                    text = f"{marker} {identity['name']}"
                    values[field.name] = RawSQL("to_tsvector('simple', %s)", [text])
                    markers[label(place.model, field)] = marker.lower()
                continue
            markers[label(place.model, field)] = marker
            values[field.name] = (
                _json(field, marker) if isinstance(field, models.JSONField) else marker
            )
        if values:
            path = place.path or "pk"
            place.model.objects.filter(**{path: candidate if place.path else candidate.pk}).update(
                **values
            )
    # The résumé's bytes carry one too.
    resume = candidate.resumes.get()
    with resume.file.open("rb") as handle:
        content = handle.read()
    Path(resume.file.path).write_bytes(content + b"\n% MKFILEQ\n")
    # Every text of the search that may name the person names them, with a marker per field.
    mention = "{m}: spoke with " + identity["name"] + " ({p}, {e})"
    mention = mention.replace("{p}", identity["phone"]).replace("{e}", identity["email"])
    scorecard = rows.known[owned_model(owned, "interviews.Scorecard")]
    for place in mention_places():
        n += 1
        values = {}
        for field in place.fields:
            marker = f"MKMEN{n:03d}{field.name[:3].upper()}Q"
            markers[label(place.model, field)] = marker
            text = mention.replace("{m}", marker)
            if isinstance(field, models.BinaryField):
                values[field.name] = text.encode()
            elif isinstance(field, models.JSONField):
                values[field.name] = (
                    [text] if isinstance(field.get_default(), list) else {"t": text}
                )
            else:
                values[field.name] = text[: field.max_length or None]
        if place.label == "outbox.OutboundEmail":
            values["key"] = "team-email"
        rows.of(place.model, **values)
    # The journal's details of a scorecard keep its content, earlier versions too.
    rows.of(
        apps.get_model("hiring.Activity"),
        kind="scorecard_amended",
        summary="Amended the scorecard",
        details={"scorecard": scorecard.pk, "before": {"notes": "MKBEFOREQ"}},
    )
    markers["journal details of a scorecard"] = "MKBEFOREQ"
    # And an email to the person.
    rows.of(
        apps.get_model("outbox.OutboundEmail"),
        key="to-the-person",
        to=[identity["email"]],
        subject="MKTOSUBJQ",
        text="MKTOTEXTQ",
    )
    markers["email to the person"] = "MKTOTEXTQ"

    person = [identity["name"], "Mkname", "Ninon", "MKPHONE", "mkmail", "mklinkedin", "mkportfolio"]
    owned_markers = [m for m in markers.values() if m.upper().startswith("MKOWN")]
    needles = person + owned_markers + ["MKBEFOREQ", "MKTOTEXTQ", "MKTOSUBJQ"]
    markers["the résumé's bytes"] = "MKFILEQ"
    return Marked(candidate, markers, needles)


def files_holding(root, needle: bytes) -> list:
    return [p for p in Path(root).rglob("*") if p.is_file() and needle in p.read_bytes()]


def owned_model(owned, name):
    return next(m for m in owned if m._meta.label == name)
