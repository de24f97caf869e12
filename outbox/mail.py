"""The one way Accord sends email: `queue_email(...)` writes an OutboundEmail in the
caller's transaction and the send task is enqueued when that transaction commits.

Guarantee: one row per `key` (a second call with the same key returns the first row and
sends nothing more); nothing is sent if the caller's transaction rolls back; every attempt
carries the same Message-ID, derived from the key. Subject, headers, addresses and file
names are folded to one line (CR, LF and every control character become a space) before
they are stored, so no stored text can break or inject into a send; bodies lose NUL
bytes, which PostgreSQL cannot store. Delivery itself is `outbox.delivery`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboundAttachment, OutboundEmail

logger = logging.getLogger(__name__)

KEY_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,75}$")
# Headers the builder owns: a caller cannot forge them through `headers`.
_RESERVED = {"message-id", "from", "to", "cc", "bcc", "subject", "reply-to", "content-type"}


def one_line(value, limit: int = 500) -> str:
    """Any text made safe for a header: control characters folded to one space."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())[:limit]


def _body(value: str | None) -> str:
    return (value or "").replace("\x00", "")


def _recipients(to) -> list[str]:
    addresses = [to] if isinstance(to, str) else list(to)
    cleaned = [one_line(a, 254) for a in addresses]
    return [a for a in cleaned if a]


def _headers(headers) -> dict[str, str]:
    safe = {}
    for name, value in (headers or {}).items():
        name = one_line(name, 76)
        if _HEADER_NAME.match(name) and name.lower() not in _RESERVED:
            safe[name] = one_line(value, 900)
    return safe


def _attachment(email, attachment) -> OutboundAttachment:
    filename, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode()
    return OutboundAttachment(
        email=email,
        filename=one_line(filename, 200) or "attachment",
        content=bytes(content),
        mimetype=one_line(mimetype, 200) or "application/octet-stream",
    )


def build_email(
    *,
    key: str,
    to: str | Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    requisition=None,
    send_after: datetime | None = None,
    reply_to: str | None = None,
    now: datetime | None = None,
) -> OutboundEmail:
    """An unsaved, sanitised OutboundEmail (for `queue_email` and bulk writers like the
    sweep, which `bulk_create` them and call `enqueue_on_commit`)."""
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"An email key is 1 to {KEY_MAX} characters: {key!r}")
    recipients = _recipients(to)
    if not recipients:
        raise ValueError("An email needs at least one recipient address.")
    now = now or timezone.now()
    send_after = max(send_after or now, now)
    return OutboundEmail(
        key=key,
        to=recipients,
        subject=one_line(subject, 500),
        text=_body(text),
        html=_body(html),
        headers=_headers(headers),
        reply_to=one_line(reply_to or "", 300),
        requisition=requisition,
        created_at=now,
        send_after=send_after,
        next_attempt_at=send_after,
        give_up_at=send_after + timedelta(seconds=settings.ACCORD_EMAIL_RETRY_FOR_SECONDS),
        queued_at=now if send_after <= now else None,
    )


def queue_email(
    *,
    key: str,
    to: str | Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
    headers: dict[str, str] | None = None,
    requisition=None,
    send_after: datetime | None = None,
    reply_to: str | None = None,
) -> OutboundEmail:
    """Promise to send one email; idempotent on `key`. See the module docstring."""
    existing = OutboundEmail.objects.filter(key=key).first()
    if existing:
        return existing
    email = build_email(
        key=key,
        to=to,
        subject=subject,
        text=text,
        html=html,
        headers=headers,
        requisition=requisition,
        send_after=send_after,
        reply_to=reply_to,
    )
    try:
        # A savepoint, so a concurrent writer of the same key leaves the caller's
        # transaction usable and we return that writer's row.
        with transaction.atomic():
            email.save()
            OutboundAttachment.objects.bulk_create([_attachment(email, a) for a in attachments])
    except IntegrityError:
        return OutboundEmail.objects.get(key=key)
    enqueue_on_commit([email])
    return email


def enqueue_on_commit(emails: Sequence[OutboundEmail]) -> None:
    """One send task per email due now, after the caller commits. A broker that is down
    does not fail the caller: `dispatch_due_emails` enqueues what was missed."""
    due = [e.pk for e in emails if e.queued_at is not None]
    if due:
        transaction.on_commit(lambda: enqueue(due))


def enqueue(email_ids: Sequence[int]) -> None:
    from .tasks import send_email  # noqa: PLC0415 — the send task runs outbox.delivery, which enqueues it again through here: a real cycle

    try:
        for pk in email_ids:
            send_email.delay(pk)
    except Exception:  # noqa: BLE001 — the database row is the promise, the broker only a nudge
        logger.warning("Broker unavailable; %d email(s) left for the dispatcher", len(email_ids))


def build_message(email: OutboundEmail) -> EmailMultiAlternatives:
    """The one builder of an email message: text, optional HTML, attachments, the stable
    Message-ID and the caller's (already safe) headers."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={**email.headers, "Message-ID": email.message_id},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message
