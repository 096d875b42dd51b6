"""Keeps the search index in step with the store through the store's change feed.

The index records the store revision it reflects. Catching up applies the changes after that
revision; a full rebuild is reserved for an index that is missing, ahead of the store (the store was
replaced) or so far behind that replaying the feed would cost more than reading every claim.
"""

import asyncio
import logging
from collections.abc import Sequence

from service.matching.feed import FeedFollower
from service.matching.retrieval import SearchIndex
from service.store.base import Store
from service.store.records import Change

log = logging.getLogger(__name__)

MAX_REPLAY = 50_000  # beyond this many pending changes a rebuild is cheaper


class IndexSync:
    def __init__(self, store: Store, index: SearchIndex) -> None:
        self._store = store
        self._index = index
        self._feed = FeedFollower(store, "index sync", self._apply)
        # One writer of the index at a time; searches do not take it.
        self._lock = asyncio.Lock()

    async def rebuild(self) -> int:
        """Re-index every stored claim; searches see the old index until the new one commits."""
        async with self._lock:
            return await self._rebuild()

    async def ensure_fresh(self) -> int:
        """At start-up: rebuild a missing, ahead or far-behind index, else catch it up."""
        async with self._lock:
            current = await self._store.revision()
            indexed = self._index.revision
            if indexed > current or (indexed == 0 and current > 0):
                return await self._rebuild()
            pending = await self._store.changes_since(indexed, limit=MAX_REPLAY + 1)
            if len(pending) > MAX_REPLAY:
                return await self._rebuild()
            return await self._catch_up_to(current)

    async def catch_up(self) -> int:
        """Apply the changes the index has not seen; one revision() query when there are none."""
        current = await self._store.revision()
        # The index revision moves only after a commit, so an index at `current` holds its claims.
        if self._index.revision >= current:
            return self._index.revision
        async with self._lock:
            return await self._catch_up_to(current)

    async def follow(self, stop: asyncio.Event) -> None:
        """Catch up whenever the store moves, until `stop` is set; store outages are waited out."""

        async def step() -> bool:
            await self.catch_up()
            return False  # a catch-up leaves nothing to do until the store moves again

        await self._feed.follow(stop, position=lambda: self._index.revision, step=step)

    async def _rebuild(self) -> int:
        # Read the revision first: changes landing during the scan are replayed afterwards, and
        # replaying a change the scan already saw is harmless (adds replace, deletes repeat).
        revision = await self._store.revision()
        await asyncio.to_thread(self._index.clear)
        count = 0
        async for batch in self._store.iter_claims():
            await asyncio.to_thread(self._index.add, [(claim.id, claim.text) for claim in batch])
            count += len(batch)
        await asyncio.to_thread(self._index.commit, revision)
        log.info("search index rebuilt: %d claims at revision %d", count, revision)
        return await self._catch_up_to(await self._store.revision())

    async def _catch_up_to(self, current: int) -> int:
        """Apply changes until the index reflects at least `current`. Caller holds the lock."""
        indexed = self._index.revision
        if indexed >= current:
            return indexed
        indexed = await self._feed.read(indexed, current)
        await asyncio.to_thread(self._index.commit, indexed)
        return self._index.revision

    async def _apply(self, changes: Sequence[Change]) -> None:
        latest = {change.claim_id: change.op for change in changes}
        upserted = [claim_id for claim_id, op in latest.items() if op == "upsert"]
        # A claim upserted then deleted in a later write is simply not found here.
        claims = await self._store.get_claims(upserted) if upserted else []
        found = {claim.id for claim in claims}
        gone = [claim_id for claim_id in latest if claim_id not in found]
        await asyncio.to_thread(self._index.delete, gone)
        await asyncio.to_thread(self._index.add, [(claim.id, claim.text) for claim in claims])
