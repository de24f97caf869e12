"""What a reminder or notice looks like in Slack: its words, a link to its page and the
buttons its email carries (`commitments.actions.buttons`, the same list and rules). A button
whose action needs nothing more (advance, remind them again, accept …) acts from Slack on the
email's kind of token — signed over one person, one commitment, one action, single-use —
through `slack.interactions`; one that asks for a reason or a note opens that form as a
Slack modal (slack.modals); every plain link opens the same page in Accord as the email's.
With ACCORD_EMAIL_ACTIONS=0 every button is a link."""

from __future__ import annotations

from commitments.actions import action_named, buttons, email_actions_on
from commitments.models import Commitment
from commitments.wording import absolute_url, reminder_text

ACT = "act"  # action_id prefix of a button that acts from Slack
FORM = "form"  # … of a button that asks a few words first, in a modal
LINK = "link"  # … of a button that opens a page


def escape(text: str) -> str:
    """Slack's mrkdwn escapes: only &, < and > (a name can then not make a link or mention)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _buttons_of(message) -> list[dict]:
    if message.reminder_id:
        reminder = message.reminder
        if reminder.commitment.state != Commitment.State.OPEN:
            return []  # met (or closed) since the step was written: nothing left to do
        return buttons(commitment=reminder.commitment, person=message.recipient, step=reminder.step)
    return list(message.buttons or [])


def _element(index: int, button: dict, *, acting: bool) -> dict:
    action = action_named(button.get("action") or "") if acting else None
    element = {"type": "button", "text": {"type": "plain_text", "text": button["label"][:75]}}
    if button.get("primary"):
        element["style"] = "primary"
    if action is not None and button.get("token"):
        # One that asks a few words opens them in a modal (slack.modals).
        kind = ACT if action.form is None else FORM
        element.update(action_id=f"{kind}:{index}", value=button["token"])
    else:
        element.update(action_id=f"{LINK}:{index}", url=button["url"][:3000])
    return element


def words(message, now=None) -> tuple[str, str]:
    """(the message's text, the absolute link to its page)."""
    if message.reminder_id:
        reminder = message.reminder
        return reminder_text(reminder, now), absolute_url(reminder.commitment.acting_url)
    return message.text, absolute_url(message.url) if message.url else ""


def compose(message, now=None) -> dict:
    """chat.postMessage's (and chat.update's) `text` and `blocks` for a SlackMessage."""
    text, link = words(message, now)
    title = message.requisition.title if message.requisition_id else ""
    lines = [f"*{escape(title)}*" if title else "", escape(text)]
    if link:
        lines.append(f"<{link}|Open it in Accord>")
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(filter(None, lines))}}
    ]
    if message.outcome:
        # A button was pressed: say what was done and take the buttons away.
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(message.outcome)}]}
        )
    else:
        # An organisation that keeps every action behind the sign-in (ACCORD_EMAIL_ACTIONS=0)
        # gets links only: each leads through the sign-in, as the email's do.
        acting = email_actions_on()
        elements = [_element(i, b, acting=acting) for i, b in enumerate(_buttons_of(message)[:25])]
        if elements:
            blocks.append({"type": "actions", "elements": elements})
    fallback = f"{title}: {text}" if title else text
    return {"text": fallback[:3000], "blocks": blocks}
