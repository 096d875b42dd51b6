"""Reports prepared on every core: claim extraction and analysis in a pool of processes.

Preparing a report (`pipeline.prepare_report`) is pure Python and CPU-bound, so threads share
one core; worker processes use them all. Reports and prepared claims travel pickled, which
keeps every value as it was (msgpack or JSON would turn the analysis' integer figures into
floats); only default strings come back as copies, which `omit_defaults` would then write
out, so they are put back (`_defaults_restored`) and the store gets byte-identical rows. A
chunk that fails in a worker is run again here, so a bad report raises exactly what it raises
in-process.
"""

import asyncio
import functools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import msgspec

from schemas.reports import ReportIn
from service.ingest.pipeline import prepare_report
from service.store.records import NewReport

# Reports a worker prepares per task: large enough to amortise the hand-over, small enough that
# the processes finish a batch together. Fewer than two chunks are prepared in a thread.
CHUNK = 16
# Starting the workers costs about a second of CPU (each imports the service), which only a
# larger ingest wins back: the first reports are prepared in a thread.
POOL_AFTER = 1_000
PARENT_CHECK_SECONDS = 1.0

T = TypeVar("T")
R = TypeVar("R")


def _guarded(work: Callable[[list[T]], list[R]], chunk: list[T]) -> list[R] | None:
    try:
        return work(chunk)
    except Exception:  # the caller runs the chunk again, and raises there
        return None


def _prepare_all(reports: list[ReportIn]) -> list[NewReport]:
    return [prepare_report(report) for report in reports]


def _exit_with(parent: int) -> None:
    """In a worker: exit once the parent is gone (killed, say): a worker blocked on its queue
    would otherwise live on, orphaned."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class ReportPreparer:
    """`prepare(reports)` as `[prepare_report(r) for r in reports]`, spread over processes.

    With one process, too few reports to share out, or before `pool_after` reports, it prepares
    in a thread instead. The pool starts on first use, with `spawn`: a forked child of a
    process with running threads (SQLite, tantivy) can inherit locks held at the fork.
    """

    def __init__(self, processes: int | None = None, *, pool_after: int = POOL_AFTER) -> None:
        self.processes = default_processes() if processes is None else processes
        self._pool_after = pool_after
        self._seen = 0  # items mapped so far
        self._pool: ProcessPoolExecutor | None = None

    def _the_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=_exit_with,
                initargs=(os.getpid(),),
            )
        return self._pool

    async def prepare(self, reports: Sequence[ReportIn]) -> list[NewReport]:
        return await self.map(_prepare_all, reports)

    async def map(self, work: Callable[[list[T]], list[R]], items: Sequence[T]) -> list[R]:
        """`work(items)` for a module-level `work` that maps each item on its own (items and
        results are pickled; results may hold msgspec Structs, lists and plain values)."""
        chunks = _chunks(items)
        shared = self._shared(chunks)
        self._seen += len(items)
        if not shared:
            return await asyncio.to_thread(work, list(items))
        done = await self._in_workers(functools.partial(_guarded, work), chunks)
        results: list[R] = []
        for chunk, result in zip(chunks, done, strict=True):
            if result is None:
                results.extend(await asyncio.to_thread(work, chunk))
            else:
                results.extend(_defaults_restored(result))
        return results

    def _shared(self, chunks: list[list[T]]) -> bool:
        return self.processes > 1 and len(chunks) > 1 and self._seen >= self._pool_after

    async def _in_workers(self, task: Callable[[T], R | None], args: list[T]) -> list[R | None]:
        """`task(arg)` for each arg in the pool; None for all when the pool broke."""
        loop = asyncio.get_running_loop()
        try:
            pool = self._the_pool()
            return list(
                await asyncio.gather(*(loop.run_in_executor(pool, task, arg) for arg in args))
            )
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start afresh next time; the caller
            # finishes this batch in-process.
            self._pool = None
            return [None] * len(args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@functools.cache
def _string_defaults(kind: type[msgspec.Struct]) -> dict[str, str]:
    return {
        f.name: f.default
        for f in msgspec.structs.fields(kind)
        if isinstance(f.default, str) and f.default
    }


def _defaults_restored(value: Any) -> Any:
    """`value` with each string equal to its field's default made that very default object:
    msgspec's `omit_defaults` tests identity, and unpickled strings are copies."""
    if isinstance(value, list):
        restored = [_defaults_restored(item) for item in value]
        return value if all(a is b for a, b in zip(restored, value, strict=True)) else restored
    if not isinstance(value, msgspec.Struct):
        return value
    defaults = _string_defaults(type(value))
    changes: dict[str, object] = {}
    for name in value.__struct_fields__:
        current = getattr(value, name)
        default = defaults.get(name)
        if default is not None and current is not default and current == default:
            changes[name] = default
        elif isinstance(current, list | msgspec.Struct):
            restored = _defaults_restored(current)
            if restored is not current:
                changes[name] = restored
    return msgspec.structs.replace(value, **changes) if changes else value


def _chunks(items: Sequence[T]) -> list[list[T]]:
    return [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
