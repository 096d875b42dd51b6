"""Watches: statements the service keeps checking as new reports arrive, and their events."""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from schemas.analysis import Span
from schemas.check import Match, Statement, Verdict
from schemas.limits import MAX_FIELD_CHARS, MAX_REPORT_CHARS
from schemas.patterns import NON_BLANK_NO_NUL

WatchStance = Literal["supports", "conflicts"]
EventStatus = Literal["pending", "delivered", "dead", "stream"]
CallbackUrl = Annotated[
    str,
    Meta(
        max_length=MAX_FIELD_CHARS,
        pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^ ]+$",
        description="Where events are POSTed: https (http only when the service allows it), "
        "never a loopback, link-local or private address unless the service allows it.",
        examples=["https://newsroom.example/hooks/factcheck"],
    ),
]
Secret = Annotated[
    str,
    Meta(
        min_length=16,
        max_length=256,
        pattern=r"^[!-~]+$",
        description="The key of the events' HMAC-SHA256 signature; one is made when omitted.",
    ),
]
WatchedText = Annotated[
    str, Meta(min_length=1, max_length=MAX_REPORT_CHARS, pattern=NON_BLANK_NO_NUL)
]


class WatchIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Exactly one of `statement` (watched as is) or `text` (its check-worthy sentences)."""

    statement: Statement | None = None
    text: WatchedText | None = None
    callback_url: CallbackUrl | None = None
    secret: Secret | None = None
    stances: Annotated[list[WatchStance], Meta(min_length=1, max_length=2)] = msgspec.field(
        default_factory=lambda: ["conflicts"]
    )


class WatchedStatement(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    text: str
    span: Span | None = None  # where it is in the watched text


class WatchMatchOut(msgspec.Struct, kw_only=True):
    statement_id: int
    claim_id: int
    stance: str


class WatchOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    statements: list[WatchedStatement]
    stances: list[WatchStance]
    created_at: str
    matches: list[WatchMatchOut]  # the claims each statement matched, when made and since
    events_url: str
    stream_url: str
    callback_url: str | None = None
    # Shown once, in the answer to the POST that made the watch; never again.
    secret: str | None = None


class WatchPage(msgspec.Struct, kw_only=True):
    items: list[WatchOut]
    next_cursor: str | None = None


class WatchEventData(msgspec.Struct, kw_only=True):
    watch_id: int
    statement: WatchedStatement
    match: Match  # the new claim, its stance and reasons
    verdict: Verdict  # the statement's verdict with the new claim


class WatchEvent(msgspec.Struct, kw_only=True):
    """The body POSTed to the callback and sent on the stream; `id` is for deduplication."""

    id: int
    type: Literal["watch.match"]
    created_at: str
    data: WatchEventData


class DeliveryAttempt(msgspec.Struct, omit_defaults=True, kw_only=True):
    attempted_at: str
    duration_ms: float
    status_code: int | None = None
    error: str | None = None


class WatchEventOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    type: Literal["watch.match"]
    created_at: str
    status: EventStatus
    attempt_count: int
    attempts: list[DeliveryAttempt]
    data: WatchEventData
    next_attempt_at: str | None = None
    delivered_at: str | None = None


class WatchEventPage(msgspec.Struct, kw_only=True):
    items: list[WatchEventOut]
    next_cursor: str | None = None
