"""What a delivery carries: the signed JSON body, or a Microsoft Teams card.

Privacy (README "Integrations"): a payload says *that* something happened and where to look —
the event's type and id, when, the search's id, title and state, links to our pages (which
check who opens them), who acted and, for a commitment, its id, kind, deadline, state and
owner (colleagues, by name). It never carries a candidate's name or anything written about a
person: no notice text, no commitment title (titles may name a candidate), no scorecard, no
note. A receiver that needs more asks the API with a token, under its owner's rights.
"""

from __future__ import annotations

import json
from datetime import UTC

from django.conf import settings
from django.urls import reverse

from commitments.events import Event
from commitments.wording import absolute_url

from .catalogue import TEST_EVENT, label
from .models import event_id


def _iso(moment) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": getattr(user, "display_name", "")}


def _requisition(requisition) -> dict | None:
    if requisition is None:
        return None
    return {
        "id": requisition.pk,
        "title": requisition.title,
        "state": requisition.state,
        "url": absolute_url(reverse("hiring:requisition-detail", kwargs={"pk": requisition.pk})),
    }


def _commitment(event: Event) -> dict | None:
    c = event.commitment
    if c is None:
        return None
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "due_at": _iso(c.due_at),
        "state": c.state,
        "step": event.step or None,
        "owner": _person(c.owner),
        "url": absolute_url(reverse("commitments:commitment-detail", kwargs={"pk": c.pk})),
    }


def event_data(event: Event) -> dict:
    """The signed body of `event`, as a dict (README "Integrations": every field)."""
    data = {
        "id": event_id(event.key),
        "type": event.kind,
        "summary": label(event.kind),
        "occurred_at": _iso(event.occurred_at),
        "organisation": settings.ACCORD_ORGANISATION_NAME,
        "requisition": _requisition(event.requisition),
        "link": absolute_url(event.url) if event.url else None,
        "actor": _person(event.actor),
    }
    if event.kind.startswith("commitment.") and event.commitment is not None:
        data["commitment"] = _commitment(event)
    if event.kind == TEST_EVENT:
        data["test"] = True
    return data


def teams_card(data: dict) -> dict:
    """A Microsoft Teams message with one Adaptive Card (the format both a channel's
    Workflows webhook and the older Office 365 connector accept): the event in words, the
    search, a deadline's kind and owner, and a button to open it in Accord."""
    facts = []
    if data.get("requisition"):
        facts.append({"title": "Search", "value": data["requisition"]["title"]})
    commitment = data.get("commitment")
    if commitment:
        facts.append({"title": "Commitment", "value": commitment["kind_label"]})
        if commitment["owner"]:
            facts.append({"title": "Owed by", "value": commitment["owner"]["name"]})
        facts.append({"title": "Due", "value": commitment["due_at"]})
    if data.get("actor"):
        facts.append({"title": "By", "value": data["actor"]["name"]})
    facts.append({"title": "Event", "value": data["type"]})
    requisition = data.get("requisition") or {}
    link = (commitment or {}).get("url") or data.get("link") or requisition.get("url")
    body = [
        {
            "type": "TextBlock",
            "text": data["summary"],
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "FactSet", "facts": facts},
    ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open in Accord", "url": link}]
    return {
        "type": "message",
        "summary": data["summary"],
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def body_for(endpoint, data: dict) -> str:
    """The exact text an endpoint is sent: compact JSON, keys in a fixed order."""
    payload = data if endpoint.is_signed else teams_card(data)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
