"""queue_email: the contract in /work/coord/NOTES.md, on the real database."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox import delivery
from outbox.mail import build_message, queue_email
from outbox.models import OutboundEmail, message_id_for

pytestmark = pytest.mark.django_db


def test_an_email_is_written_once_per_key_and_enqueued_on_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_email(key="k-1", to="a@example.com", subject="Hi", text="Body")
        again = queue_email(key="k-1", to="b@example.com", subject="Other", text="Other")
    assert again.pk == first.pk
    assert OutboundEmail.objects.count() == 1
    assert len(callbacks) == 1
    assert (first.state, first.to, first.subject) == ("pending", ["a@example.com"], "Hi")


def test_nothing_is_queued_when_the_callers_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_email(key="k-2", to="a@example.com", subject="Hi", text="Body")
        raise RuntimeError("the caller failed")
    assert not OutboundEmail.objects.exists()
    assert callbacks == []


def test_subject_headers_and_addresses_cannot_carry_line_breaks_or_control_characters():
    email = queue_email(
        key="k-3",
        to=["victim@example.com\r\nBcc: all@example.com"],
        subject="Offer\r\nBcc: everyone@example.com\x00\x07 for you",
        text="Body with a NUL\x00 byte",
        html="<p>Hi\x00</p>",
        headers={"X-Accord": "a\nb", "Bcc": "sneaky@example.com", "Bad Name:": "x"},
        reply_to="me@example.com\nCc: x@example.com",
        attachments=[("in\r\nvite.ics", "BEGIN:VCALENDAR", "text/calendar; method=REQUEST")],
    )
    email.refresh_from_db()
    assert email.subject == "Offer Bcc: everyone@example.com for you"
    assert email.to == ["victim@example.com Bcc: all@example.com"]
    assert email.headers == {"X-Accord": "a b"}
    assert email.reply_to == "me@example.com Cc: x@example.com"
    assert "\x00" not in email.text + email.html
    message = build_message(email).message()
    assert message["Subject"] == "Offer Bcc: everyone@example.com for you"
    assert message["Bcc"] is None
    assert message["Message-ID"] == message_id_for("k-3")


def test_the_message_id_is_stable_and_derived_from_the_key():
    assert message_id_for("interview-42-invite") == message_id_for("interview-42-invite")
    assert message_id_for("interview-42-invite") != message_id_for("interview-43-invite")
    assert message_id_for("a b/c").startswith("<a-b-c.")
    assert message_id_for("x").endswith("@127.0.0.1>")


def test_text_html_and_attachments_are_sent_as_one_message():
    email = queue_email(
        key="k-4",
        to=["a@example.com", "b@example.com"],
        subject="Invite",
        text="Plain",
        html="<p>Rich</p>",
        attachments=[("invite.ics", b"BEGIN:VCALENDAR", "text/calendar; method=REQUEST")],
        reply_to="recruiter@example.com",
    )
    assert delivery.send_email(email.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.to == ["a@example.com", "b@example.com"]
    assert sent.reply_to == ["recruiter@example.com"]
    assert sent.body == "Plain"
    assert sent.alternatives[0].content == "<p>Rich</p>"
    assert sent.attachments[0].filename == "invite.ics"
    assert sent.extra_headers["Message-ID"] == email.message_id


def test_send_after_holds_the_email_until_then(django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks() as callbacks:
        email = queue_email(
            key="k-5", to="a@example.com", subject="Hi", text="Body", send_after=later
        )
    assert callbacks == []  # not enqueued now: the dispatcher enqueues it when due
    assert email.next_attempt_at == later
    assert delivery.send_email(email.pk) == "not claimed"
    assert delivery.dispatch_due_emails() == 0
    assert delivery.dispatch_due_emails(now=later + timedelta(seconds=1)) == 1


def test_an_email_without_a_recipient_or_with_a_bad_key_is_refused():
    with pytest.raises(ValueError):
        queue_email(key="k-6", to=["", " \r\n"], subject="Hi", text="Body")
    with pytest.raises(ValueError):
        queue_email(key="k" * 201, to="a@example.com", subject="Hi", text="Body")


@pytest.mark.parametrize(
    "hostile",
    [
        "Eve =?utf-8?q?Hacker=0D=0ABcc:_x@evil.example?=",
        "Eve =?utf-8?b?SGFja2VyDQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
        # an encoded word that encodes another one
        "=?utf-8?q?=3D=3Futf-8=3Fq=3FA=3D0D=3D0ABcc:_x@evil.example=3F=3D?=",
    ],
)
def test_finding_10_encoded_words_are_decoded_before_headers_are_cleaned(hostile):
    """The email package decodes RFC 2047 encoded words while it builds the message: a
    name cleaned before that decoding still put a line break into the Subject."""
    email = queue_email(
        key=f"enc-{hash(hostile)}",
        to="a@example.com",
        subject=f"Interview with {hostile}",
        text="Body",
        headers={"X-Candidate": hostile},
        reply_to=f"{hostile} <r@example.com>",
    )
    message = build_message(email).message()
    for header in ("Subject", "X-Candidate", "Reply-To"):
        value = str(message[header])
        assert "\r" not in value and "\n" not in value, (header, value)
    raw = build_message(email).message().as_bytes()
    headers = raw.split(b"\n\n", 1)[0].decode()
    assert "\nBcc:" not in headers and "\nbcc:" not in headers.lower()
