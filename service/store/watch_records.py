"""What the store keeps for watches: watched statements, the claims they matched, and the
outbox of events with each delivery attempt."""

from typing import Literal

import msgspec

from schemas.analysis import Analysis

WatchStance = Literal["supports", "conflicts"]
# pending: to deliver to the callback; delivered; dead: gave up after the retry period;
# stream: the watch has no callback, the event is only listed and streamed.
EventStatus = Literal["pending", "delivered", "dead", "stream"]


class NewWatchStatement(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    analysis: Analysis
    start: int | None = None  # where it is in the watched text, when a whole text was posted
    end: int | None = None


class BaselineMatch(msgspec.Struct, frozen=True):
    """A claim a statement already matched when the watch was made: it never fires."""

    statement_index: int
    claim_id: int
    stance: str


class NewWatch(msgspec.Struct, frozen=True, kw_only=True):
    statements: list[NewWatchStatement]
    stances: tuple[WatchStance, ...]
    created_revision: int  # claims changed after this store revision may fire the watch
    callback_url: str | None = None
    secret: str | None = None
    baseline: list[BaselineMatch] = []


class WatchStatementRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    watch_id: int
    text: str
    analysis: Analysis
    stances: tuple[WatchStance, ...]
    created_revision: int
    start: int | None = None
    end: int | None = None


class WatchMatch(msgspec.Struct, frozen=True):
    statement_id: int
    claim_id: int
    stance: str


class WatchRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    statements: list[WatchStatementRecord]
    stances: tuple[WatchStance, ...]
    created_revision: int
    created_at: str
    matches: list[WatchMatch]
    callback_url: str | None = None
    secret: str | None = None


class NewWatchHit(msgspec.Struct, frozen=True, kw_only=True):
    """A claim a watched statement now matches; `payload` is the event body without its id."""

    statement_id: int
    claim_id: int
    stance: str
    payload: str


class AttemptRecord(msgspec.Struct, frozen=True, kw_only=True):
    attempted_at: str
    duration_ms: float
    status_code: int | None = None  # the receiver's HTTP status, None when none came back
    error: str | None = None


class WatchEventRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    watch_id: int
    statement_id: int
    claim_id: int
    payload: str
    created_at: str
    status: EventStatus
    attempt_count: int
    next_attempt_at: str | None = None
    delivered_at: str | None = None
    attempts: list[AttemptRecord] = []


class DueEvent(msgspec.Struct, frozen=True, kw_only=True):
    """An event leased to one deliverer until its lease ends (then another may take it)."""

    id: int
    watch_id: int
    callback_url: str
    secret: str | None
    payload: str
    created_at: str
    attempt_count: int


class AttemptOutcome(msgspec.Struct, frozen=True, kw_only=True):
    event_id: int
    attempt: AttemptRecord
    status: EventStatus
    next_attempt_at: str | None = None
