"""Watches: statements the service keeps checking as new reports arrive, and their events."""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from schemas.analysis import Span
from schemas.check import Match, Verdict
from schemas.claims import NEXT_CURSOR
from schemas.limits import MAX_FIELD_CHARS, MAX_REPORT_CHARS, MAX_STATEMENT_CHARS
from schemas.patterns import NON_BLANK_NO_NUL, NOT_BLANK

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

    # One Meta with the constraints and the description inside the union: wrapped around
    # `Statement | None`, a description makes litestar drop Statement's constraints.
    statement: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=MAX_STATEMENT_CHARS,
                pattern=NOT_BLANK,
                description="One statement to watch, as is.",
                examples=["North Korea sent 50,000 troops to Russia"],
            ),
        ]
        | None
    ) = None
    text: Annotated[
        WatchedText | None, Meta(description="A draft: each check-worthy sentence is watched.")
    ] = None
    callback_url: CallbackUrl | None = None
    secret: Secret | None = None
    stances: Annotated[
        list[WatchStance],
        Meta(
            min_length=1,
            max_length=2,
            description="Which new matches make an event: conflicts, supports, or both.",
        ),
    ] = msgspec.field(default_factory=lambda: ["conflicts"])


class WatchedStatement(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One statement a watch keeps checking."""

    id: Annotated[int, Meta(description="The watched statement's id.")]
    text: Annotated[str, Meta(description="The statement.")]
    span: Annotated[
        Span | None, Meta(description="Where it is in the watched text, for a watched draft.")
    ] = None


class WatchMatchOut(msgspec.Struct, kw_only=True):
    """A claim a watched statement matched."""

    statement_id: Annotated[int, Meta(description="The watched statement.")]
    claim_id: Annotated[int, Meta(description="The claim it matched.")]
    stance: Annotated[str, Meta(description="The claim's stance: supports or conflicts.")]


class WatchOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    """A watch: statements the service keeps checking as new reports arrive."""

    id: Annotated[int, Meta(description="The watch's id.")]
    statements: Annotated[list[WatchedStatement], Meta(description="The statements it watches.")]
    stances: Annotated[list[WatchStance], Meta(description="Which new matches make an event.")]
    created_at: Annotated[str, Meta(description="When it was made (UTC, RFC 3339).")]
    matches: Annotated[
        list[WatchMatchOut],
        Meta(description="The claims each statement matched, when it was made and since."),
    ]
    events_url: Annotated[str, Meta(description="Its events, with their delivery attempts.")]
    stream_url: Annotated[str, Meta(description="Its events as Server-Sent Events.")]
    callback_url: Annotated[str | None, Meta(description="Where its events are POSTed.")] = None
    # Shown once, in the answer to the POST that made the watch; never again.
    secret: Annotated[
        str | None,
        Meta(description="The events' signing key: only in the answer that made the watch."),
    ] = None


class WatchPage(msgspec.Struct, kw_only=True):
    """One page of watches, oldest first."""

    items: Annotated[list[WatchOut], Meta(description="The watches of this page, by id.")]
    next_cursor: Annotated[str | None, Meta(description=NEXT_CURSOR)] = None


class WatchEventData(msgspec.Struct, kw_only=True):
    """What happened: a new claim matched a watched statement."""

    watch_id: Annotated[int, Meta(description="The watch.")]
    statement: Annotated[WatchedStatement, Meta(description="The statement it matched.")]
    match: Annotated[Match, Meta(description="The new claim, its stance and reasons.")]
    verdict: Annotated[
        Verdict, Meta(description="The statement's verdict with the new claim counted.")
    ]


class WatchEvent(msgspec.Struct, kw_only=True):
    """The body POSTed to the callback and sent on the stream; `id` is for deduplication."""

    id: int
    type: Literal["watch.match"]
    created_at: str
    data: WatchEventData


class DeliveryAttempt(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One try at POSTing an event to the callback."""

    attempted_at: Annotated[str, Meta(description="When (UTC, RFC 3339).")]
    duration_ms: Annotated[float, Meta(description="How long it took, in milliseconds.")]
    status_code: Annotated[
        int | None, Meta(description="The callback's HTTP status, when it answered.")
    ] = None
    error: Annotated[str | None, Meta(description="Why it failed, when it did, in words.")] = None


class WatchEventOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    """An event of a watch, with its delivery."""

    id: Annotated[int, Meta(description="The event's id: the same on every retry.")]
    type: Annotated[Literal["watch.match"], Meta(description="What happened: watch.match.")]
    created_at: Annotated[str, Meta(description="When it happened (UTC, RFC 3339).")]
    status: Annotated[
        EventStatus,
        Meta(
            description="pending, delivered, dead (given up) or stream (no callback: the "
            "stream only)."
        ),
    ]
    attempt_count: Annotated[int, Meta(description="How many deliveries were tried.")]
    attempts: Annotated[
        list[DeliveryAttempt], Meta(description="The delivery attempts, oldest first.")
    ]
    data: Annotated[WatchEventData, Meta(description="What happened.")]
    next_attempt_at: Annotated[
        str | None, Meta(description="When the next try is due, while pending.")
    ] = None
    delivered_at: Annotated[str | None, Meta(description="When it was delivered.")] = None


class WatchEventPage(msgspec.Struct, kw_only=True):
    """One page of a watch's events, oldest first."""

    items: Annotated[list[WatchEventOut], Meta(description="The events of this page, by id.")]
    next_cursor: Annotated[str | None, Meta(description=NEXT_CURSOR)] = None
