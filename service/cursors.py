"""Page cursors: opaque to clients, signed so that a changed or foreign one is refused in words.

A cursor carries the list it pages (reports, claims, watches, one watch's events) and the last
id of its page, signed with HMAC-SHA256 under the store's own cursor key
(`Store.signing_key`): every replica serving the same store signs and accepts the same cursors,
so paging works behind a load balancer, and no setting has to be shared between them. A key
per process would refuse the next page whenever it reached another replica.

Signing does not hide the id (the payload is plain bytes): it makes the cursor tamper-evident,
so a client cannot page from an id of its choosing, and a cursor of one list cannot page
another; the service then answers 400 saying which of the two happened.
"""

import base64
import binascii
import hashlib
import hmac
import struct
from enum import IntEnum

from service.errors import InvalidCursor

PURPOSE = "cursors"
_VERSION = 1
_PAYLOAD = struct.Struct(">BBQQ")  # version, list, scope (a watch id, or 0), last id
_MAC_BYTES = 16  # 128 bits: forging one takes 2**128 tries, each a request
_TOKEN_BYTES = _PAYLOAD.size + _MAC_BYTES  # 34 bytes: 46 characters
MAX_CURSOR_CHARS = 200  # what the OpenAPI document allows; a real one is 46 characters


class Listing(IntEnum):
    """The lists a cursor can page; the numbers are part of issued cursors: never reuse one."""

    REPORTS = 1
    CLAIMS = 2
    WATCHES = 3
    WATCH_EVENTS = 4


_ROUTES = {
    Listing.REPORTS: "GET /v1/reports",
    Listing.CLAIMS: "GET /v1/claims",
    Listing.WATCHES: "GET /v1/watches",
    Listing.WATCH_EVENTS: "GET /v1/watches/{id}/events",
}
_UNCHANGED = (
    "pass the next_cursor of the previous page unchanged, or leave cursor out to start over"
)


class Cursors:
    """Issues and reads the cursors of one store (its key from `Store.signing_key(PURPOSE)`)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a cursor key needs at least 16 bytes")
        self._key = key

    def encode(self, listing: Listing, last_id: int, *, scope: int = 0) -> str:
        payload = _PAYLOAD.pack(_VERSION, listing, scope, last_id)
        token = payload + self._mac(payload)
        return base64.urlsafe_b64encode(token).decode().rstrip("=")

    def decode(self, cursor: str | None, listing: Listing, *, scope: int = 0) -> int | None:
        """The last id of the previous page, or None without a cursor; InvalidCursor when the
        cursor was changed, was not issued by this store, or pages another list."""
        if cursor is None:
            return None
        token = _unpadded_b64(cursor)
        if token is None or len(token) != _TOKEN_BYTES:
            raise InvalidCursor(f"is not a cursor this service issued; {_UNCHANGED}")
        payload, mac = token[: _PAYLOAD.size], token[_PAYLOAD.size :]
        if not hmac.compare_digest(mac, self._mac(payload)):
            raise InvalidCursor(
                f"was changed, or was issued by another factcheck store; {_UNCHANGED}"
            )
        version, issued_for, issued_scope, last_id = _PAYLOAD.unpack(payload)
        if (version, issued_for, issued_scope) != (_VERSION, listing, scope):
            other = _ROUTES.get(issued_for, "another list")
            raise InvalidCursor(
                f"is a cursor of another list ({other}{_of_watch(issued_for, issued_scope)}): "
                f"a cursor pages only the list that gave it; {_UNCHANGED}"
            )
        return int(last_id)

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_MAC_BYTES]


def _of_watch(listing: int, scope: int) -> str:
    return f" of watch {scope}" if listing == Listing.WATCH_EVENTS else ""


def _unpadded_b64(cursor: str) -> bytes | None:
    if not cursor.isascii() or len(cursor) > MAX_CURSOR_CHARS:
        return None
    try:
        token = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        return None
    # The decoder skips characters outside the alphabet: only the exact issued text is a cursor.
    return token if base64.urlsafe_b64encode(token).decode().rstrip("=") == cursor else None
