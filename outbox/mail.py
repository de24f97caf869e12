"""The one way Accord sends email: `queue_email(...)` writes an OutboundEmail in the
caller's transaction and the send task is enqueued when that transaction commits.

Guarantee: one row per `key` (a second call with the same key returns the first row and
sends nothing more); nothing is sent if the caller's transaction rolls back; every attempt
carries the same Message-ID, derived from the key. Subject, headers, addresses and file
names are folded to one line (CR, LF and every control character become a space) before
they are stored, so no stored text can break or inject into a send; bodies lose NUL
bytes, which PostgreSQL cannot store. RFC 2047 encoded words (`=?utf-8?q?…=0D=0A…?=`) are
decoded *before* that cleaning: Python's email package decodes them while building the
message, so text cleaned first could still carry a line break into a header. Delivery
itself is `outbox.delivery`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.errors import HeaderParseError
from email.header import decode_header, make_header

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize

from config.bulk_insert import insert_rows

from .models import OutboundAttachment, OutboundEmail

logger = logging.getLogger(__name__)

KEY_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,75}$")
# Headers the builder owns: a caller cannot forge them through `headers`.
_RESERVED = {"message-id", "from", "to", "cc", "bcc", "subject", "reply-to", "content-type"}


_ENCODED_WORD = re.compile(r"=\?[^?]*\?[bBqQ]\?.*?\?=")


def _decoded(text: str) -> str:
    """Text with its RFC 2047 encoded words decoded, as the email package will see it.
    Decoded again while any remain (an encoded word may encode another); one that cannot
    be decoded is broken up so nothing downstream decodes it either."""
    for _ in range(5):
        if not _ENCODED_WORD.search(text):
            return text
        try:
            text = str(make_header(decode_header(text)))
        except (HeaderParseError, LookupError, UnicodeError, ValueError):
            break
    return _ENCODED_WORD.sub(lambda m: m.group(0).replace("=?", "= ?"), text)


def one_line(value, limit: int = 500) -> str:
    """Any text made safe for a header: encoded words decoded first, then control
    characters folded to one space."""
    value = str(value)
    if value.isprintable() and "=?" not in value:
        # Nothing to decode and no control character (each is unprintable): the same
        # result without the two regular expressions (the sweep writes thousands).
        return " ".join(value.split())[:limit]
    return " ".join(_CONTROL.sub(" ", _decoded(value)).split())[:limit]


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
    sender=None,
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
        sender=sender,
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
    sender=None,
) -> OutboundEmail:
    """Promise to send one email; idempotent on `key`. See the module docstring. `sender`
    is the person it speaks for (told in the app if it bounces)."""
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
        sender=sender,
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


def queue_emails(emails: Sequence[OutboundEmail]) -> list[OutboundEmail]:
    """`queue_email` for many emails built by `build_email` (no attachments), in two
    queries whatever their number: the keys that exist already are left alone, the rest go
    in one INSERT and are enqueued on commit. Returns the emails written. A key written in
    between by someone else fails the INSERT inside a savepoint; they then go one by one."""
    emails = list({e.key: e for e in emails}.values())
    if not emails:
        return []
    taken = set(
        OutboundEmail.objects.filter(key__in=[e.key for e in emails]).values_list("key", flat=True)
    )
    fresh = [e for e in emails if e.key not in taken]
    try:
        with transaction.atomic():
            insert_rows(fresh)
    except IntegrityError:
        written = []
        for email in fresh:
            try:
                with transaction.atomic():
                    email.pk = None
                    email.save()
                    written.append(email)
            except IntegrityError:
                continue
        fresh = written
    enqueue_on_commit(fresh)
    return fresh


def enqueue_on_commit(emails: Sequence[OutboundEmail]) -> None:
    """The send tasks of the emails due now, after the caller commits. A broker that is
    down does not fail the caller: `dispatch_due_emails` enqueues what was missed."""
    due = [e.pk for e in emails if e.queued_at is not None]
    if due:
        transaction.on_commit(lambda: enqueue(due))


# At most this many emails per send task. Publishing a task costs about a millisecond and a
# half of Python and a broker round trip, which made one task per email the larger part of
# the sweep's time on a backlog (10,000 reminders: 5.5 s of 17 s). Chunks are split so that
# a few emails still go out in parallel on several workers.
SEND_CHUNK = 100
SPREAD = 4


def chunks(email_ids: Sequence[int]) -> list[list[int]]:
    """`email_ids` in order, cut into at least SPREAD chunks (when there are that many) of
    at most SEND_CHUNK: one email → one task, 10 → 3+3+3+1, 10,000 → 100 tasks of 100."""
    ids = list(email_ids)
    size = min(SEND_CHUNK, max(1, -(-len(ids) // SPREAD)))
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def enqueue(email_ids: Sequence[int]) -> None:
    from .tasks import send_emails  # noqa: PLC0415 — the send task runs outbox.delivery, which enqueues it again through here: a real cycle

    try:
        for chunk in chunks(email_ids):
            send_emails.delay(chunk)
    except Exception:  # noqa: BLE001 — the database row is the promise, the broker only a nudge
        logger.warning("Broker unavailable; %d email(s) left for the dispatcher", len(email_ids))


def html_from_text(text: str) -> str:
    """The HTML part of an email written as text: escaped, paragraphs kept, links live."""
    body = linebreaks(urlize(escape(text), nofollow=True, autoescape=False))
    return (
        '<!doctype html><html><body><div style="font-family:sans-serif;line-height:1.5;'
        f'max-width:40em">{body}</div></body></html>'
    )


def build_message(email: OutboundEmail) -> EmailMultiAlternatives:
    """The one builder of an email message: a plain-text and an HTML part (made from the
    text when the caller wrote none: calendar invites, password resets), attachments, the
    stable Message-ID and the caller's (already safe) headers."""
    # Cleaned again here: rows written before encoded words were decoded first.
    message = EmailMultiAlternatives(
        subject=one_line(email.subject),
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=_recipients(email.to),
        reply_to=[one_line(email.reply_to, 300)] if email.reply_to else None,
        headers={**_headers(email.headers), "Message-ID": email.message_id},
    )
    message.attach_alternative(email.html or html_from_text(email.text), "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    message.outbox_id = email.pk  # not sent: local mail (outbox.console) links to the copy
    return message
