"""The index follows the change feed: a stored claim is matched at once, a deleted one no more."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import cast

import pytest

from schemas.analysis import Analysis
from service.errors import StoreUnavailable
from service.matching import feed as feed_module
from service.matching import sync as sync_module
from service.matching.index import TantivyIndex
from service.matching.sync import IndexSync
from service.store.base import Store
from service.store.records import Change, ClaimRecord


class FakeStore:
    """Only what IndexSync uses: claims, a revision and its change feed, and a change signal."""

    def __init__(self) -> None:
        self.claims: dict[int, str] = {}
        self.changes: list[Change] = []
        self.calls: list[str] = []
        self.unavailable = 0  # the next N calls raise StoreUnavailable
        self._moved = asyncio.Event()

    # Writes, as the API would make them: one revision per write.
    def write(self, upserts: dict[int, str] | None = None, deletes: Sequence[int] = ()) -> None:
        revision = self._revision() + 1
        for claim_id, text in (upserts or {}).items():
            self.claims[claim_id] = text
            self.changes.append(Change(revision, claim_id, "upsert"))
        for claim_id in deletes:
            self.claims.pop(claim_id, None)
            self.changes.append(Change(revision, claim_id, "delete"))
        self._moved.set()
        self._moved = asyncio.Event()

    def reset(self) -> None:
        """A different, empty database behind the same URL."""
        self.claims.clear()
        self.changes.clear()

    def _revision(self) -> int:
        return self.changes[-1].revision if self.changes else 0

    def _called(self, name: str) -> None:
        self.calls.append(name)
        if self.unavailable:
            self.unavailable -= 1
            raise StoreUnavailable("database is down")

    async def revision(self) -> int:
        self._called("revision")
        return self._revision()

    async def changes_since(self, revision: int, *, limit: int = 10_000) -> list[Change]:
        self._called("changes_since")
        return [c for c in self.changes if c.revision > revision][:limit]

    async def get_claims(self, claim_ids: Sequence[int]) -> list[ClaimRecord]:
        self._called("get_claims")
        return [_record(i, self.claims[i]) for i in claim_ids if i in self.claims]

    async def iter_claims(self, *, batch_size: int = 5_000) -> AsyncIterator[list[ClaimRecord]]:
        self._called("iter_claims")
        ids = sorted(self.claims)
        for start in range(0, len(ids), batch_size):
            yield [_record(i, self.claims[i]) for i in ids[start : start + batch_size]]

    async def wait_for_change(self, revision: int, timeout: float) -> int:  # noqa: ASYNC109 - mirrors Store
        self._called("wait_for_change")
        moved = self._moved
        if self._revision() <= revision:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(moved.wait(), timeout)
        return self._revision()


def _record(claim_id: int, text: str) -> ClaimRecord:
    return ClaimRecord(
        id=claim_id,
        text=text,
        checkworthiness=0.5,
        analysis=Analysis(),
        created_at="2025-01-01T00:00:00Z",
    )


def make_sync(
    store: FakeStore, index: TantivyIndex | None = None
) -> tuple[IndexSync, TantivyIndex]:
    index = index if index is not None else TantivyIndex()
    # The fake implements only the part of the Store protocol that the sync uses.
    return IndexSync(cast(Store, store), index), index


def found(index: TantivyIndex, statement: str) -> list[int]:
    return [c.claim_id for c in index.search(statement, 10)]


TROOPS = "North Korea sent 10,000 troops to Russia."
RATES = "The central bank raised interest rates."
FLOODS = "Heavy rain flooded the coastal town."


async def test_a_rebuild_indexes_every_stored_claim_at_the_store_revision() -> None:
    store = FakeStore()
    store.write({1: TROOPS, 2: RATES})
    store.write({3: FLOODS})
    sync, index = make_sync(store)
    assert await sync.rebuild() == 2
    assert index.revision == 2
    assert len(index) == 3
    assert found(index, "coastal flooding") == [3]


async def test_a_claim_stored_or_deleted_is_matched_or_not_after_catch_up() -> None:
    store = FakeStore()
    store.write({1: TROOPS})
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    store.write({2: RATES})
    store.write(deletes=[1])
    assert await sync.catch_up() == 3
    assert found(index, "interest rates") == [2]
    assert found(index, "troops sent to Russia") == []


async def test_catching_up_with_nothing_new_costs_one_revision_query() -> None:
    store = FakeStore()
    store.write({1: TROOPS})
    sync, _ = make_sync(store)
    await sync.ensure_fresh()
    store.calls.clear()
    await sync.catch_up()
    assert store.calls == ["revision"]


async def test_an_edited_claim_is_matched_by_its_new_text_only() -> None:
    store = FakeStore()
    store.write({1: TROOPS})
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    store.write({1: FLOODS})
    await sync.catch_up()
    assert found(index, "troops Russia") == []
    assert found(index, "flooded coastal town") == [1]


async def test_a_write_split_across_pages_is_applied_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(feed_module, "PAGE", 2)
    store = FakeStore()
    store.write({1: TROOPS})
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    store.write({2: RATES, 3: FLOODS, 4: "Snow closed the mountain pass."})
    store.write({5: "A volcano erupted overnight."})
    assert await sync.catch_up() == 3
    assert len(index) == 5


async def test_start_up_catches_up_a_persisted_index_without_a_rebuild(tmp_path: Path) -> None:
    store = FakeStore()
    store.write({1: TROOPS, 2: RATES})
    sync, index = make_sync(store, TantivyIndex(str(tmp_path)))
    await sync.ensure_fresh()
    index.close()
    store.write({3: FLOODS})
    store.calls.clear()
    sync, index = make_sync(store, TantivyIndex(str(tmp_path)))
    assert await sync.ensure_fresh() == 2
    assert "iter_claims" not in store.calls
    assert len(index) == 3


async def test_start_up_rebuilds_an_index_ahead_of_the_store() -> None:
    store = FakeStore()
    store.write({1: TROOPS})
    store.write({2: RATES})
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    store.reset()
    store.write({7: FLOODS})
    assert await sync.ensure_fresh() == 1
    assert found(index, "interest rates troops") == []
    assert found(index, "flooded town") == [7]


async def test_start_up_rebuilds_an_index_too_far_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "MAX_REPLAY", 2)
    store = FakeStore()
    store.write({1: TROOPS})
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    for n in range(2, 6):
        store.write({n: f"{RATES} Meeting {n}."})
    store.calls.clear()
    await sync.ensure_fresh()
    assert "iter_claims" in store.calls
    assert len(index) == 5


async def test_following_applies_writes_as_they_happen() -> None:
    store = FakeStore()
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    stop = asyncio.Event()
    follower = asyncio.create_task(sync.follow(stop))
    store.write({1: TROOPS})
    await _until(lambda: found(index, "troops Russia") == [1])
    stop.set()
    await asyncio.wait_for(follower, 2)


async def test_following_survives_the_store_being_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(feed_module, "FIRST_BACKOFF", 0.01)
    store = FakeStore()
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    store.unavailable = 3
    stop = asyncio.Event()
    follower = asyncio.create_task(sync.follow(stop))
    store.write({1: RATES})
    await _until(lambda: found(index, "interest rates") == [1])
    assert store.unavailable == 0
    stop.set()
    await asyncio.wait_for(follower, 2)


async def test_concurrent_catch_ups_apply_each_change_once() -> None:
    store = FakeStore()
    sync, index = make_sync(store)
    await sync.ensure_fresh()
    store.write({1: TROOPS, 2: RATES})
    results = await asyncio.gather(*(sync.catch_up() for _ in range(5)))
    assert results == [1] * 5
    assert store.calls.count("get_claims") == 1
    assert len(index) == 2


async def _until(condition: Callable[[], bool], seconds: float = 2.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)
