"""The running parts of a factcheck process, built from Settings; shared by the app and the CLI.

Opening: store (migrations), seeds into an empty store, search index (loaded or rebuilt from
the store), then a background follower that applies the store's change feed to the index; with
semantic matching, the encoder, the claim vectors (loaded from beside the index) and a second
follower that embeds new claims in the background.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from service.cursors import PURPOSE as CURSOR_KEY
from service.cursors import Cursors
from service.ingest.pipeline import IngestObserver, Item, Outcome, ingest
from service.ingest.preparing import ReportPreparer
from service.ingest.seeding import seed_if_empty
from service.matching.checker import Checker
from service.matching.index import TantivyIndex
from service.matching.languages import LanguageTaggingChecker
from service.matching.retrieval import SearchIndex
from service.matching.semantic.engine import Semantic, load_encoders, set_shared
from service.matching.slots import IndexSlot, claim_slot
from service.matching.sync import IndexSync
from service.settings import Settings
from service.store.base import Store
from service.store.factory import create_store
from service.watches.callbacks import CallbackPolicy
from service.watches.delivery import Deliverer, DeliveryPolicy
from service.watches.index import WatchIndex
from service.watches.scanner import WatchScanner

log = logging.getLogger("factcheck")


@dataclass
class Services:
    settings: Settings
    store: Store
    index: SearchIndex
    sync: IndexSync
    checker: Checker
    watch_index: WatchIndex
    scanner: WatchScanner
    callbacks: CallbackPolicy
    cursors: Cursors  # signs and reads page cursors with the store's key (service/cursors.py)
    seeded: int = 0
    slot: IndexSlot | None = None
    semantic: Semantic | None = None  # None: FACTCHECK_SEMANTIC=off, or auto without weights
    # Bulk ingest prepares reports in worker processes, started on first use.
    preparer: ReportPreparer = field(default_factory=ReportPreparer)
    observer: IngestObserver | None = None  # told of every ingest: the app's metrics
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _follower: asyncio.Task[None] | None = None
    _embedder: asyncio.Task[None] | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _deliverer: Deliverer | None = None

    async def ingest(self, items: Sequence[Item], *, atomic: bool = False) -> list[Outcome]:
        """`service.ingest.pipeline.ingest` with this process's store, preparer and observer."""
        return await ingest(self.store, self.preparer, items, observer=self.observer, atomic=atomic)

    def start_following(self) -> None:
        """Keep the index in step with writes made by other processes sharing the store, scan
        new claims for watches, embed new claims (semantic matching), and deliver events."""
        self._follower = asyncio.create_task(self.sync.follow(self._stop), name="index-follower")
        settings = self.settings
        self._deliverer = Deliverer(
            self.store,
            DeliveryPolicy(
                callbacks=self.callbacks,
                timeout=settings.delivery_timeout_seconds,
                first_retry=settings.delivery_first_retry_seconds,
                give_up_after=settings.delivery_give_up_seconds,
            ),
            wake=self.scanner.recorded,
        )
        self._tasks = [
            asyncio.create_task(self.scanner.follow(self._stop), name="watch-scanner"),
            asyncio.create_task(self._deliverer.run(self._stop), name="watch-deliverer"),
        ]

        if self.semantic is not None:
            self._embedder = asyncio.create_task(
                self.semantic.sync.follow(self._stop), name="semantic-embedder"
            )

    async def close(self) -> None:
        self._stop.set()
        for task in [self._follower, self._embedder, *self._tasks]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._deliverer is not None:
            await self._deliverer.close()
        if self.semantic is not None:
            await self.semantic.sync.close()
            set_shared(None)
        self.preparer.close()
        self.index.close()
        self.watch_index.close()
        if self.slot is not None:
            self.slot.release()
        await self.store.close()


async def open_services(
    settings: Settings,
    *,
    follow: bool = True,
    semantic: bool = True,
    observer: IngestObserver | None = None,
) -> Services:
    """`follow=False` starts no background task (one-shot commands); `semantic=False` leaves the
    encoder unloaded whatever FACTCHECK_SEMANTIC says (commands that never check); `observer`
    is told of every ingest, seeding included."""
    store = create_store(settings.database_url, sqlite_synchronous=settings.sqlite_synchronous)
    await store.open()
    slot: IndexSlot | None = None
    preparer = ReportPreparer()
    try:
        cursors = Cursors(await store.signing_key(CURSOR_KEY))
        seeded = 0
        if settings.seeding_enabled and settings.seeds_dir is not None:
            folder = Path(settings.seeds_dir)
            seeded = await seed_if_empty(store, folder, preparer, observer=observer)
            if seeded:
                log.info("seeded %d reports from %s", seeded, settings.seeds_dir)
        slot = claim_slot(settings.index_dir) if settings.index_dir else None
        index = TantivyIndex(str(slot.path) if slot else None)
        sync = IndexSync(store, index)
        revision = await sync.ensure_fresh()
        log.info("index ready: %d claims at revision %d", len(index), revision)
        semantics = await _open_semantic(settings, store, slot) if semantic else None
        checker = LanguageTaggingChecker(
            store,
            index,
            sync,
            min_score=settings.min_score,
            candidates=settings.candidates,
            semantic=semantics,
        )
    except BaseException:
        preparer.close()
        if slot is not None:
            slot.release()
        await store.close()
        raise
    watch_index = WatchIndex()
    scanner = WatchScanner(store, checker, watch_index, min_score=settings.min_score)
    callbacks = CallbackPolicy.from_entries(settings.allow_http_callbacks, settings.callback_allow)
    services = Services(
        settings,
        store,
        index,
        sync,
        checker,
        watch_index,
        scanner,
        callbacks,
        cursors,
        seeded=seeded,
        slot=slot,
        semantic=semantics,
        preparer=preparer,
        observer=observer,
    )
    if follow:
        services.start_following()
    return services


async def _open_semantic(
    settings: Settings, store: Store, slot: IndexSlot | None
) -> Semantic | None:
    encoders = await asyncio.to_thread(load_encoders, settings.semantic)
    if encoders is None:
        return None
    # Beside the search index, in the same slot: vectors reflect the store this process follows.
    semantic = Semantic.create(encoders, store, slot.path / "semantic" if slot else None)
    await semantic.sync.start()
    set_shared(semantic)
    log.info(
        "semantic matching on (%s): %d claims to embed", encoders.claims.name, semantic.backlog
    )
    return semantic


@contextlib.asynccontextmanager
async def running(
    settings: Settings,
    *,
    follow: bool = True,
    semantic: bool = True,
    observer: IngestObserver | None = None,
) -> AsyncIterator[Services]:
    services = await open_services(settings, follow=follow, semantic=semantic, observer=observer)
    try:
        yield services
    finally:
        await services.close()
