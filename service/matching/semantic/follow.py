"""Claims are embedded in the background, following the store's change feed like the search index.

Ingest never waits for it: a write moves the store revision, this follower reads the change feed
from the revision it has seen, queues the claims to embed (the backlog) and embeds them in batches
on every core, while checks use whatever is embedded and the lexical path for the rest. The
vectors, the revision read and the backlog persist beside the index, so a restart resumes where
it stopped instead of embedding everything again.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from service.errors import StoreUnavailable
from service.matching.feed import FeedFollower
from service.matching.semantic.encoder import Encoder
from service.matching.semantic.vectors import VectorIndex
from service.store.base import Store
from service.store.records import Change

log = logging.getLogger(__name__)

# Claims read and embedded at a time: the encoder sorts them by length in tokens and shares its
# batches of one length out to its threads (BertEncoder's `workers`, every core for the claims'
# encoder), so that a thread slowed by other work on the machine does not hold the others up.
BATCH = 1_024
SAVE_SECONDS = 30.0  # at most this long between saves while the vectors change
# The graph file is large (about 1 GB at 1M claims): while a backlog drains it is saved this
# often, and whenever the backlog is done.
GRAPH_SAVE_SECONDS = 600.0
# New vectors wait, searched exactly, until this many can go into the graph at once: a bulk
# insert keeps every core busy, where one batch of the embedder at a time left cores idle.
GRAPH_BATCH = 4_096


class SemanticSync:
    def __init__(
        self,
        store: Store,
        encoder: Encoder,
        vectors: VectorIndex,
        directory: Path | None,
        *,
        batch: int = BATCH,
    ) -> None:
        self._store = store
        self._encoder = encoder
        self.vectors = vectors
        self._directory = directory
        self._batch = batch
        # The thread that drives the encoder (which spreads each batch over its own threads).
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="embed")
        self._feed = FeedFollower(store, "semantic sync", self._apply)
        self.revision = 0  # the store revision whose changes have been read into the backlog
        # Claim id -> the sequence number of its last upsert: an upsert landing while the claim
        # is being embedded keeps it queued.
        self._pending: dict[int, int] = {}
        self._sequence = 0
        self.embedded = 0  # claims embedded by this process
        self._dirty = False
        self._saved_at = self._graph_saved_at = time.monotonic()

    @property
    def backlog(self) -> int:
        """Claims stored but not embedded yet (as far as the change feed has been read)."""
        return len(self._pending)

    async def start(self) -> None:
        """Resume from the persisted vectors, or queue every stored claim. Embeds nothing."""
        loaded = None
        if self._directory is not None:
            loaded = await asyncio.to_thread(
                VectorIndex.load,
                self._directory,
                encoder=self._encoder.name,
                dim=self._encoder.dim,
                brute_force_max=self.vectors.brute_force_max,
            )
        current = await self._store.revision()
        if loaded is not None and loaded[1] <= current:
            self.vectors, self.revision, pending = loaded
            self._queue(pending)
            log.info(
                "semantic vectors loaded: %d claims at revision %d, %d to embed",
                len(self.vectors),
                self.revision,
                self.backlog,
            )
        else:
            # Nothing saved, another encoder's, or ahead of the store (the store was replaced).
            self.vectors.clear()
            self.revision = current
            async for batch in self._store.iter_claims():
                self._queue([claim.id for claim in batch])
            self._dirty = True
            log.info("semantic vectors: %d claims to embed in the background", self.backlog)
        await self.read_changes()

    def _queue(self, claim_ids: Sequence[int]) -> None:
        for claim_id in claim_ids:
            self._sequence += 1
            self._pending[claim_id] = self._sequence

    async def read_changes(self) -> None:
        """Bring the backlog up to the store's current revision (deletes apply at once)."""
        self.revision = await self._feed.read(self.revision, await self._store.revision())

    async def _apply(self, changes: Sequence[Change]) -> None:
        latest = {change.claim_id: change.op for change in changes}
        gone = [claim_id for claim_id, op in latest.items() if op == "delete"]
        for claim_id in gone:
            self._pending.pop(claim_id, None)
        self.vectors.delete(gone)
        self._queue([claim_id for claim_id, op in latest.items() if op == "upsert"])
        self.revision = changes[-1].revision
        self._dirty = True

    async def embed_some(self) -> int:
        """Embed the next batch of the backlog; the number of claims embedded."""
        taken = list(self._pending.items())[: self._batch]
        if not taken:
            return 0
        claims = await self._store.get_claims([claim_id for claim_id, _ in taken])
        vectors = await asyncio.get_running_loop().run_in_executor(
            self._pool, self._encoder.embed, [c.text for c in claims]
        )
        # A claim deleted since it was queued is simply not found, and its delete is applied.
        sequence = dict(taken)
        still = [i for i, claim in enumerate(claims) if claim.id in self._pending]
        # Off the event loop: past the exact-search size, adding a batch to the graph takes
        # seconds of CPU, which would hold every request of the process meanwhile.
        await asyncio.to_thread(self.vectors.add, [claims[i].id for i in still], vectors[still])
        for claim_id, number in sequence.items():
            if self._pending.get(claim_id) == number:
                del self._pending[claim_id]
        self.embedded += len(claims)
        self._dirty = True
        if self.vectors.needs_graph or self.vectors.graph_pending >= GRAPH_BATCH:
            await self.complete_graph()
        return len(claims)

    async def complete_graph(self) -> None:
        """Build the graph past the exact-search size, or insert the vectors waiting for it."""
        if self.vectors.needs_graph:
            await asyncio.to_thread(self.vectors.build_graph)
        elif self.vectors.graph_pending:
            await asyncio.to_thread(self.vectors.extend_graph)
        else:
            return
        self._dirty = True

    async def drain(self) -> None:
        """Read the feed and embed until nothing is left (tests and the CLI)."""
        await self.read_changes()
        while await self.embed_some():
            await self.read_changes()
        await self.complete_graph()
        await self.save()

    async def save(self, *, graph: bool = True) -> None:
        """Persist the vectors (and, with `graph`, the graph if it changed) when they changed."""
        if self._directory is None or not self._dirty:
            return
        self._dirty = False
        self._saved_at = time.monotonic()
        if graph:
            self._graph_saved_at = self._saved_at
        await asyncio.to_thread(
            self.vectors.save,
            self._directory,
            encoder=self._encoder.name,
            revision=self.revision,
            pending=list(self._pending),
            graph=graph,
        )

    async def follow(self, stop: asyncio.Event) -> None:
        """Embed the backlog and follow the feed until `stop`; store outages are waited out."""
        await self._feed.follow(stop, position=lambda: self.revision, step=self._step)

    async def _step(self) -> bool:
        """One step of the follower: True while a backlog is left to embed."""
        await self.read_changes()
        if self.backlog:
            await self.embed_some()
            now = time.monotonic()
            if now - self._saved_at >= SAVE_SECONDS:
                await self.save(graph=now - self._graph_saved_at >= GRAPH_SAVE_SECONDS)
            return True
        # Nothing to embed: the graph takes what waits for it (vectors loaded at start past
        # the exact size included), then everything is saved.
        await self.complete_graph()
        await self.save()
        return False

    async def close(self) -> None:
        with contextlib.suppress(StoreUnavailable):
            await self.save()
        self._pool.shutdown(wait=True)
