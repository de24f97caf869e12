"""The buttons that need a few words — reject with a reason, waive, give back, mark done,
ask the recruiter — open a Slack modal built from the very form the email's confirmation
page asks (`Action.form`), and its submission is checked by that form: a refusal comes back
beside its field in the modal (`response_action: errors`), nothing changed.

Opening the modal is the one Slack call made inside a request: Slack's `trigger_id` lasts
three seconds, so `views.open` cannot wait for a worker. It changes nothing of ours.
"""

from __future__ import annotations

import json

from django import forms

CALLBACK = "accord-action"
MAX_OPTIONS = 100  # Slack's limit for a static select


def _choices(field) -> list[tuple[str, str]]:
    found = []
    for value, label in field.choices:
        value = getattr(value, "value", value)  # ModelChoiceIteratorValue
        if value in ("", None):
            continue
        found.append((str(value), str(label)))
    return found[:MAX_OPTIONS]


def _text(text: str, limit: int) -> dict:
    return {"type": "plain_text", "text": (text or " ")[:limit]}


def _element(name: str, field) -> dict | None:
    if isinstance(field, forms.BooleanField):
        return {
            "type": "checkboxes",
            "action_id": name,
            "options": [{"text": _text(str(field.label), 75), "value": "on"}],
        }
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        options = [
            {"text": _text(label, 75), "value": value[:150]} for value, label in _choices(field)
        ]
        if not options:
            return None
        return {"type": "static_select", "action_id": name, "options": options}
    if isinstance(field, forms.CharField):
        element = {
            "type": "plain_text_input",
            "action_id": name,
            "multiline": isinstance(field.widget, forms.Textarea),
        }
        if field.max_length:
            element["max_length"] = min(field.max_length, 3000)
        return element
    return None


def modal(*, form, title: str, effect: str, about: str, metadata: dict, submit: str) -> dict:
    """A Slack modal view for an unbound Django form."""
    blocks = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _plain(f"{about}\n{effect}".strip())},
        }
    ]
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        element = _element(name, field)
        if element is None:
            continue
        block = {
            "type": "input",
            "block_id": name,
            "label": _text(str(field.label or name), 2000),
            "element": element,
            "optional": not field.required,
        }
        if field.help_text:
            block["hint"] = _text(str(field.help_text), 2000)
        blocks.append(block)
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": json.dumps(metadata)[:3000],
        "title": _text(title, 24),
        "submit": _text(submit, 24),
        "close": _text("Cancel", 24),
        "blocks": blocks,
    }


def _plain(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def submitted_data(view: dict) -> dict:
    """The form data a view_submission carries, as a POST would: name → value."""
    data = {}
    state = (view or {}).get("state")
    values = state.get("values") if isinstance(state, dict) else None
    for actions in (values if isinstance(values, dict) else {}).values():
        if not isinstance(actions, dict):
            continue
        for name, state in actions.items():
            if not isinstance(state, dict):
                continue
            kind = state.get("type")
            if kind == "static_select":
                selected = state.get("selected_option") or {}
                data[name] = selected.get("value", "")
            elif kind == "checkboxes":
                data[name] = "on" if state.get("selected_options") else ""
            else:
                data[name] = state.get("value") or ""
    return data


def field_errors(form_or_error, fields) -> dict:
    """Slack's `errors` (block_id → message) from a form's errors or a ValidationError; an
    error of no field goes beside the first field."""
    errors = {}
    items = (
        form_or_error.errors.items()
        if hasattr(form_or_error, "errors") and isinstance(form_or_error.errors, dict)
        else getattr(form_or_error, "message_dict", {"__all__": form_or_error.messages}).items()
    )
    shown = [n for n, f in fields.items() if not f.widget.is_hidden]
    for name, messages in items:
        target = name if name in shown else (shown[0] if shown else name)
        text = " ".join(str(m) for m in messages)
        errors[target] = f"{errors[target]} {text}".strip() if target in errors else text
    return errors
