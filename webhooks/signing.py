"""Signing secrets and signatures (README "Integrations": the headers and how to verify).

The signature is HMAC-SHA256, keyed with the endpoint's whole secret (`whsec_…`, as the
admin copied it), over the attempt's Unix timestamp, a full stop, and the body's bytes:

    Accord-Signature: v1=hex(HMAC_SHA256(secret, f"{timestamp}.{body}"))

For a day after the secret is regenerated a second signature, made with the old secret,
follows after a comma (`v1=…,v1=…`), so a receiver still holding the old one accepts.

A receiver recomputes it, compares in constant time, and refuses a timestamp more than
five minutes from its clock (a replayed request), then drops a duplicate by `Accord-Event-Id`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The `Accord-Signature` header's value."""
    signed = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(secret: str, header: str, timestamp: str, body: bytes, *, now: float) -> bool:
    """What a receiver does (the README's worked example; our tests' receiver uses it).
    The header may carry two signatures, comma-separated (a day after a regeneration, one
    with the old secret): one that matches is enough."""
    try:
        moment = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - moment) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, moment, body)
    return any(hmac.compare_digest(expected, given.strip()) for given in header.split(","))
