"""The part of the storage protocol that keeps watches, their matches and the event outbox."""

from collections.abc import Sequence
from typing import Protocol

from service.store.watch_records import (
    AttemptOutcome,
    DueEvent,
    NewWatch,
    NewWatchHit,
    WatchEventRecord,
    WatchRecord,
    WatchStatementRecord,
)


class WatchStore(Protocol):
    async def put_watch(self, watch: NewWatch) -> WatchRecord:
        """Store a watch, its statements and the claims they already match, in one transaction."""

    async def get_watch(self, watch_id: int) -> WatchRecord | None: ...

    async def list_watches(
        self, *, limit: int, after_id: int | None = None
    ) -> list[WatchRecord]: ...

    async def delete_watch(self, watch_id: int) -> bool:
        """Delete a watch with its statements, matches, events and attempts."""

    async def watch_statements_after(
        self, after_id: int, *, limit: int
    ) -> list[WatchStatementRecord]:
        """Statements of live watches with an id above `after_id`, ascending: the watch index
        loads them in pages and then follows the newer ones."""

    async def watch_cursor(self) -> int:
        """The store revision up to which the change feed has been scanned for watches."""

    async def record_watch_hits(
        self, from_revision: int, to_revision: int, hits: Sequence[NewWatchHit]
    ) -> list[int] | None:
        """Record the hits of the changes in (from_revision, to_revision] and move the cursor
        to `to_revision`, in one transaction. A (statement, claim) pair already recorded, or a
        statement deleted meanwhile, adds nothing; each new pair adds one event. None (and
        nothing written) when the cursor is no longer at `from_revision`."""

    async def list_watch_events(
        self, watch_id: int, *, limit: int, after_id: int | None = None
    ) -> list[WatchEventRecord]:
        """A watch's events in id order, each with its delivery attempts."""

    async def lease_due_events(self, *, now: str, lease_until: str, limit: int) -> list[DueEvent]:
        """Pending events due at `now`, leased until `lease_until`: no other deliverer gets them
        before then, and a deliverer that dies leaves them to be taken again afterwards."""

    async def finish_attempt(self, outcome: AttemptOutcome) -> None:
        """Record one delivery attempt and the event's new status."""

    async def next_event_due(self) -> str | None:
        """When the earliest pending event is due (ISO UTC), None without pending events."""

    async def latest_event_id(self) -> int: ...
