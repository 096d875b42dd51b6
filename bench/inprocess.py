"""factcheck in this process: index build from the store, the stored claims, and checks timed
around `Checker.check` (no HTTP)."""

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import Query
from bench.measure import Latency
from bench.results import SystemRun
from schemas.check import CheckRequest
from service.matching.index import TantivyIndex
from service.matching.semantic.engine import Mode
from service.matching.sync import IndexSync
from service.runtime import running
from service.settings import Settings
from service.store.factory import create_store

WARM_UP = 10  # checks run before timing: first-call caches, lazy imports, page cache
TOP = 5


def bench_settings(database_url: str, index_dir: Path | None, semantic: Mode = "off") -> Settings:
    """Lexical by default; bench/semantic.py passes "on" over a fully embedded corpus."""
    return Settings(
        database_url=database_url,
        seeds_dir=None,
        index_dir=str(index_dir) if index_dir is not None else None,
        semantic=semantic,
    )


async def build_index(database_url: str, slot: Path) -> float:
    """Seconds to index every stored claim into a new on-disk index at `slot`."""
    store = create_store(database_url)
    await store.open()
    index = TantivyIndex(str(slot))
    try:
        started = time.perf_counter()
        await IndexSync(store, index).rebuild()
        return round(time.perf_counter() - started, 2)
    finally:
        index.close()
        await store.close()


async def stored_claims(database_url: str, answers: set[str]) -> tuple[list[str], set[str]]:
    """Every stored claim text, and which of `answers` are among them."""
    store = create_store(database_url)
    await store.open()
    texts: list[str] = []
    try:
        async for batch in store.iter_claims(batch_size=20_000):
            texts.extend(claim.text for claim in batch)
    finally:
        await store.close()
    return texts, answers.intersection(texts)


async def _checks(settings: Settings, queries: Sequence[Query]) -> SystemRun:
    samples: list[float] = []
    hits: list[bool] = []
    async with running(settings, follow=False) as services:
        checker = services.checker
        for query in queries[:WARM_UP]:
            await checker.check(CheckRequest(statement=query.statement, limit=TOP))
        for query in queries:
            request = CheckRequest(statement=query.statement, limit=TOP)
            begun = time.perf_counter()
            result = await checker.check(request)
            samples.append((time.perf_counter() - begun) * 1000)
            hits.append(any(match.claim.text == query.answer for match in result.matches))
    return SystemRun(system="factcheck", latency=Latency.of(samples), hits=hits)


def check_in_process(settings: Settings, queries: Sequence[Query]) -> SystemRun:
    return asyncio.run(_checks(settings, queries))
