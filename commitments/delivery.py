"""Reminder emails and the daily digest, written into the outbox.

Guarantee: in-app exactly once (the sweep writes each Reminder with its Notification).
A reminder to someone who takes emails at once gets its OutboundEmail in that same
transaction (`reminder_email`, key unique like the reminder itself), so the email exists
exactly when the reminder does and `outbox.delivery` sends it at least once, with a stable
Message-ID, retrying to its horizon. A reminder to a digest reader waits with no email;
`queue_digest` locks everything that person has waiting (reminders and event notices),
writes one digest email and links them to it in one transaction, so two digest runs never
put a reminder in two emails nor leave one out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from config.hooks import Hooks
from outbox.mail import build_email, queue_email
from outbox.models import OutboundEmail

from .actions import ActionLinks, buttons
from .models import Notification, Reminder
from .wording import absolute_url, reminder_subject, reminder_text

# Channels that may carry a reminder or notice in place of its email (a Slack direct
# message): each takes the ones it can and holds their emails (`outbox.delivery.hold_emails`),
# which go only if it fails. Registered from the apps above (README, "Hook lists").
DIRECT_CHANNELS = Hooks(
    "commitments.delivery.DIRECT_CHANNELS",
    signature="fn(deliveries: list[commitments.delivery.Direct]) -> None",
    called_in="the transaction that writes the reminders (a sweep batch) or the notice, "
    "after their emails",
)


@dataclass(frozen=True)
class Direct:
    """One reminder or notice going to one person now, by an email already written (and
    still pending): what a channel needs to say it another way. `reminder` for a step of a
    ladder (its wording and buttons are worked out when it goes); otherwise the notice's
    `text`, `url` (one of our pages) and `buttons` (`commitments.actions.buttons`)."""

    email: object
    person: object
    requisition: object
    reminder: Reminder | None = None
    text: str = ""
    url: str = ""
    buttons: tuple = ()


def hand_to_channels(deliveries) -> None:
    """Offer these deliveries to every registered channel (nothing happens without one)."""
    deliveries = [d for d in deliveries if d.email is not None and d.email.pk]
    if deliveries:
        for channel in DIRECT_CHANNELS:
            channel(deliveries)


def reminder_email_key(reminder: Reminder) -> str:
    return f"reminder-c{reminder.commitment_id}-s{reminder.step}-u{reminder.recipient_id}"


def reminder_email(
    reminder: Reminder, *, now=None, send_after=None, text: str | None = None
) -> OutboundEmail:
    """The unsaved email of one reminder. `text`: the reminder's wording at `send_after`,
    when the caller has it already."""
    return ReminderEmails().build(reminder, now=now, send_after=send_after, text=text)


# Where a reminder email's per-recipient values go in its rendered templates. Rendering is
# most of the cost of an email (two templates, about a millisecond), so ReminderEmails
# renders each shape of email once — its buttons' labels and styles — with these markers
# in place of the values, and fills each email's values in by joining strings.
_SLOT = re.compile(r"\x1e(\w+)\x1f")


def _slot(name: str) -> str:
    return f"\x1e{name}\x1f"


class _Skeleton:
    """A template rendered once with slots: the literal pieces between them, and which
    value goes in each gap (`escaped`: an HTML template, so values are escaped as Django's
    autoescape would have: the standard library's `html.escape` writes the same five
    entities, faster)."""

    def __init__(self, rendered: str, *, escaped: bool):
        pieces = _SLOT.split(rendered)
        self.literals, self.names, self.escaped = pieces[0::2], pieces[1::2], escaped

    def fill(self, values: dict[str, str]) -> str:
        out = [self.literals[0]]
        for name, literal in zip(self.names, self.literals[1:], strict=True):
            value = values[name]
            out.append(escape(value) if self.escaped else value)
            out.append(literal)
        return "".join(out)


class ReminderEmails:
    """Builds reminder emails, many at a time (the sweep writes thousands after downtime):
    each shape of email rendered once, the action links signed by one signer. The text is
    the same as rendering `emails/reminder.txt` and `.html` for each (a test compares)."""

    def __init__(self):
        self.links = ActionLinks()
        self.shapes: dict[tuple, tuple[_Skeleton, _Skeleton]] = {}
        self.preferences_url = absolute_url("/notifications/preferences/")

    def _skeletons(self, shape: tuple) -> tuple[_Skeleton, _Skeleton]:
        if shape not in self.shapes:
            context = {
                "greeting_name": _slot("greeting"),
                "search_title": _slot("search"),
                "text": _slot("text"),
                "url": _slot("url"),
                "buttons": [
                    {"label": label, "url": _slot(f"button{i}"), "primary": primary}
                    for i, (label, primary) in enumerate(shape)
                ],
                "preferences_url": _slot("preferences"),
            }
            self.shapes[shape] = (
                _Skeleton(render_to_string("emails/reminder.txt", context), escaped=False),
                _Skeleton(render_to_string("emails/reminder.html", context), escaped=True),
            )
        return self.shapes[shape]

    def build(
        self, reminder: Reminder, *, now=None, send_after=None, text: str | None = None
    ) -> OutboundEmail:
        commitment = reminder.commitment
        recipient = reminder.recipient
        # What the recipient may do right now, as buttons (issue 18): signed, single-use
        # links to a confirmation page; the owner's include "not mine, or more time".
        found = buttons(
            commitment=commitment, person=recipient, step=reminder.step, links=self.links
        )
        text_part, html_part = self._skeletons(tuple((b["label"], b["primary"]) for b in found))
        values = {
            "greeting": recipient.first_name or recipient.display_name,
            "search": commitment.requisition.title,
            # Worded for the moment it may go (quiet hours), not the moment it was written.
            "text": text or reminder_text(reminder, send_after or now),
            "url": absolute_url(commitment.acting_url),
            "preferences": self.preferences_url,
        }
        for i, button in enumerate(found):
            values[f"button{i}"] = button["url"]
        return build_email(
            key=reminder_email_key(reminder),
            to=recipient.email,
            subject=reminder_subject(reminder),
            text=text_part.fill(values),
            html=html_part.fill(values),
            requisition=commitment.requisition,
            send_after=send_after,
            now=now,
        )


def users_with_digest_waiting() -> list[int]:
    reminders = Reminder.objects.filter(
        email_state=Reminder.Email.DIGEST, email__isnull=True
    ).values_list("recipient_id", flat=True)
    notices = Notification.objects.filter(awaiting_digest=True).values_list(
        "recipient_id", flat=True
    )
    return sorted(set(reminders) | set(notices))


def digests_due(now=None) -> list[int]:
    """The people to send a digest to now: something waits for them, it is their working
    day in their own time zone, and they have had no digest since it began. Beat asks every
    quarter of an hour, so each person's digest goes at the start of their own day."""
    now = now or timezone.now()
    due = []
    for person in User.objects.filter(pk__in=users_with_digest_waiting()):
        if person.next_working_moment(now) != now:
            continue  # outside their working day: it waits
        local = timezone.localtime(now, person.zone)
        day_began = local.replace(
            hour=person.workday_starts.hour,
            minute=person.workday_starts.minute,
            second=0,
            microsecond=0,
        )
        already = OutboundEmail.objects.filter(
            key__startswith=f"digest-u{person.pk}-", created_at__gte=day_began
        )
        if not already.exists():
            due.append(person.pk)
    return due


@transaction.atomic
def queue_digest(*, user_id: int, now=None) -> OutboundEmail | None:
    """One morning email with every reminder and event notice this person chose to get as
    a digest; None when nothing waits. Row locks (not SKIP LOCKED: a second run waits and
    then finds nothing left) make each item go in exactly one digest."""
    now = now or timezone.now()
    reminders = list(
        Reminder.objects.filter(
            recipient_id=user_id, email_state=Reminder.Email.DIGEST, email__isnull=True
        )
        .select_related("recipient", "commitment__requisition", "commitment__owner")
        .select_for_update(of=("self",))
        .order_by("commitment__requisition__title", "created_at")
    )
    notices = list(
        Notification.objects.filter(recipient_id=user_id, awaiting_digest=True)
        .select_related("recipient", "requisition")
        .select_for_update(of=("self",))
        .order_by("created_at")
    )
    if not reminders and not notices:
        return None
    recipient = (reminders or notices)[0].recipient
    groups = defaultdict(list)
    for reminder in reminders:
        groups[reminder.commitment.requisition].append(
            {
                "text": reminder_text(reminder, now),
                "url": absolute_url(reminder.commitment.acting_url),
            }
        )
    news = [{"text": n.text, "url": absolute_url(n.url) if n.url else ""} for n in notices]
    count = len(reminders)
    context = {
        "person": recipient,
        "groups": dict(groups),
        "count": count,
        "news": news,
        "preferences_url": absolute_url("/notifications/preferences/"),
    }
    parts = []
    if count:
        parts.append(f"{count} reminder{'s' if count != 1 else ''}")
    if news:
        parts.append(f"{len(news)} update{'s' if len(news) != 1 else ''}")
    last_reminder = max((r.pk for r in reminders), default=0)
    last_notice = max((n.pk for n in notices), default=0)
    email = None
    if recipient.email:
        email = queue_email(
            key=f"digest-u{user_id}-r{last_reminder}-n{last_notice}",
            to=recipient.email,
            subject=f"Accord: {' and '.join(parts)} on your searches",
            text=render_to_string("emails/digest.txt", context),
            html=render_to_string("emails/digest.html", context),
        )
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
        email=email, email_state=Reminder.Email.DIGEST if email else Reminder.Email.NONE
    )
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(awaiting_digest=False)
    return email
