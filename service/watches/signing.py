"""The events' signature: HMAC-SHA256 over "<timestamp>.<body>", like Stripe's webhooks.

Header: `Factcheck-Signature: t=<unix seconds>,v1=<hex digest>`. A receiver recomputes the
digest with its secret, compares in constant time, and refuses a timestamp outside its replay
window (5 minutes by default), so a captured delivery cannot be replayed later.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Factcheck-Signature"
TOLERANCE_SECONDS = 300


class BadSignature(Exception):
    """The signature header is missing, malformed, wrong, or outside the replay window."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, now: float | None = None) -> str:
    """The header value for `body` at `now` (default: the current time)."""
    timestamp = int(time.time() if now is None else now)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: float = TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """The signed timestamp when `header` signs `body` with `secret` within the window."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if sep:
            fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError) as exc:
        raise BadSignature("no timestamp") from exc
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, given) for given in fields.get("v1", [])):
        raise BadSignature("no valid v1 signature")
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise BadSignature("timestamp outside the replay window")
    return timestamp
