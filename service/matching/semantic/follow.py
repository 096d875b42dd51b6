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
import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from service.errors import StoreUnavailable
from service.matching.semantic.encoder import Encoder, Vectors
from service.matching.semantic.vectors import VectorIndex
from service.store.base import Store
from service.store.records import Change

log = logging.getLogger(__name__)

PAGE = 5_000  # changes read at a time
# Claims read and embedded at a time: sorted by length and cut into chunks for the worker threads,
# so that the texts encoded together are of about one length (little padding) and a thread slowed
# by other work on the machine does not hold the others up (they take the next chunk).
BATCH = 1_024
CHUNK = 64
SAVE_SECONDS = 30.0  # at most this long between saves while the vectors change
WAIT_SECONDS = 30.0
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0


class SemanticSync:
    def __init__(
        self,
        store: Store,
        encoder: Encoder,
        vectors: VectorIndex,
        directory: Path | None,
        *,
        workers: int | None = None,
        batch: int = BATCH,
    ) -> None:
        self._store = store
        self._encoder = encoder
        self.vectors = vectors
        self._directory = directory
        self._batch = batch
        self._workers = max(1, workers or os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="embed")
        self.revision = 0  # the store revision whose changes have been read into the backlog
        # Claim id -> the sequence number of its last upsert: an upsert landing while the claim
        # is being embedded keeps it queued.
        self._pending: dict[int, int] = {}
        self._sequence = 0
        self.embedded = 0  # claims embedded by this process
        self._dirty = False
        self._saved_at = time.monotonic()

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
        current = await self._store.revision()
        while self.revision < current:
            changes = await self._whole_revisions_after(self.revision)
            if not changes:
                break
            self._apply(changes)
            self.revision = changes[-1].revision
        self.revision = max(self.revision, current)

    def _apply(self, changes: Sequence[Change]) -> None:
        latest = {change.claim_id: change.op for change in changes}
        gone = [claim_id for claim_id, op in latest.items() if op == "delete"]
        for claim_id in gone:
            self._pending.pop(claim_id, None)
        self.vectors.delete(gone)
        self._queue([claim_id for claim_id, op in latest.items() if op == "upsert"])
        self._dirty = True

    async def _whole_revisions_after(self, revision: int) -> list[Change]:
        limit = PAGE
        while True:
            changes = await self._store.changes_since(revision, limit=limit)
            if len(changes) < limit:
                return changes
            last = changes[-1].revision
            whole = [change for change in changes if change.revision < last]
            if whole:
                return whole
            limit *= 2

    async def embed_some(self) -> int:
        """Embed the next batch of the backlog; the number of claims embedded."""
        taken = list(self._pending.items())[: self._batch]
        if not taken:
            return 0
        claims = await self._store.get_claims([claim_id for claim_id, _ in taken])
        vectors = await asyncio.to_thread(self._embed_parallel, [c.text for c in claims])
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
        if self.vectors.needs_graph:
            await asyncio.to_thread(self.vectors.build_graph)
        return len(claims)

    def _embed_parallel(self, texts: list[str]) -> Vectors:
        """Chunks of similar length on the worker threads: numpy and onnxruntime release the GIL
        in their kernels, so the chunks run at once."""
        out = np.zeros((len(texts), self._encoder.dim), dtype=np.float32)
        if not texts:
            return out
        # Characters stand in for tokens here: the encoder sorts each chunk by tokens again.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[i : i + CHUNK] for i in range(0, len(order), CHUNK)]
        embedded = self._pool.map(
            lambda chunk: self._encoder.embed([texts[i] for i in chunk]), chunks
        )
        for chunk, vectors in zip(chunks, embedded, strict=True):
            out[chunk] = vectors
        return out

    async def drain(self) -> None:
        """Read the feed and embed until nothing is left (tests and the CLI)."""
        await self.read_changes()
        while await self.embed_some():
            await self.read_changes()
        await self.save()

    async def save(self) -> None:
        if self._directory is None or not self._dirty:
            return
        self._dirty = False
        self._saved_at = time.monotonic()
        await asyncio.to_thread(
            self.vectors.save,
            self._directory,
            encoder=self._encoder.name,
            revision=self.revision,
            pending=list(self._pending),
        )

    async def follow(self, stop: asyncio.Event) -> None:
        """Embed the backlog and follow the feed until `stop`; store outages are waited out."""
        backoff = FIRST_BACKOFF
        while not stop.is_set():
            try:
                await self.read_changes()
                if self.backlog:
                    await self.embed_some()
                    if time.monotonic() - self._saved_at >= SAVE_SECONDS:
                        await self.save()
                else:
                    await self.save()
                    if self.vectors.needs_graph:  # vectors loaded at start, past the exact size
                        await asyncio.to_thread(self.vectors.build_graph)
                    await self._wait_for_change(stop)
                backoff = FIRST_BACKOFF
            except StoreUnavailable as exc:
                log.warning(
                    "semantic sync: store unavailable (%s); retrying in %.1fs", exc, backoff
                )
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except Exception:
                log.exception("semantic sync failed; retrying in %.1fs", backoff)
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def _wait_for_change(self, stop: asyncio.Event) -> None:
        waiting = asyncio.ensure_future(self._store.wait_for_change(self.revision, WAIT_SECONDS))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            done, _ = await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (waiting, stopping):
                task.cancel()
            await asyncio.gather(waiting, stopping, return_exceptions=True)
        if waiting in done:
            waiting.result()

    async def close(self) -> None:
        with contextlib.suppress(StoreUnavailable):
            await self.save()
        self._pool.shutdown(wait=True)


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
