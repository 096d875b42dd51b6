"""Waiting on a store in tests: on events, or polling with a deadline; never a fixed sleep.

A deadline here is a bound on a hang, not a speed claim: it is far beyond any real wake-up, so
a slow machine passes, and far below `NEVER`, so a waiter that was not woken fails the test.
"""

import asyncio
import time

import pytest

from service.store.base import Store
from service.store.codec import format_timestamp, utc_now

WAKE_DEADLINE = 60.0  # seconds
NEVER = 3600.0  # a waiter's timeout no test outlives: only a change can end its wait in time


async def waiting_for_change(
    store: Store, revision: int, monkeypatch: pytest.MonkeyPatch
) -> "asyncio.Task[int]":
    """A task in `store.wait_for_change(revision, NEVER)`, returned once it has read the store's
    revision, so that a write from then on is one it has to be woken for."""
    read = asyncio.Event()
    real = store.revision

    async def revision_read() -> int:
        current = await real()
        read.set()
        return current

    monkeypatch.setattr(store, "revision", revision_read)
    task = asyncio.create_task(store.wait_for_change(revision, timeout=NEVER))
    await asyncio.wait_for(read.wait(), WAKE_DEADLINE)
    return task


async def woken(task: "asyncio.Task[int]") -> int:
    """The revision a waiter returns: it must have been woken, not timed out."""
    return await asyncio.wait_for(task, WAKE_DEADLINE)


async def clock_passes(stamp: str) -> None:
    """Poll until the store's clock (UTC, microseconds) reads later than `stamp`."""
    deadline = time.monotonic() + WAKE_DEADLINE
    while format_timestamp(utc_now()) <= stamp:
        assert time.monotonic() < deadline, f"the clock never passed {stamp}"
        await asyncio.sleep(0.001)
