"""Following the store's change feed: one reader and one loop for every follower of it (the
search index, sync.py; the claim vectors, semantic/follow.py).

A follower keeps the store revision whose changes it has taken in. `FeedFollower.read` hands it
the changes after that revision a page at a time, each page whole revisions, so that no write is
ever half applied; `FeedFollower.follow` runs the follower's step until stopped, waits for the
store to move when the step has nothing left to do, and waits store outages out.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from service.errors import StoreUnavailable
from service.store.base import Store
from service.store.records import Change

log = logging.getLogger(__name__)

PAGE = 5_000  # changes read at a time
WAIT_SECONDS = 30.0  # one wait_for_change; the loop re-waits, so this only bounds a wait
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0

# A page of changes, whole revisions, in feed order.
ApplyBatch = Callable[[Sequence[Change]], Awaitable[None]]


class FeedFollower:
    """Reads `store`'s change feed for one follower, named in its log lines."""

    def __init__(self, store: Store, name: str, apply: ApplyBatch) -> None:
        self._store = store
        self._name = name
        self._apply = apply

    async def read(self, since: int, until: int) -> int:
        """Hand every change after revision `since` to the follower's callback, a page at a time,
        until revision `until` is reached; the revision reached (`until` at least: revisions
        without claim changes move a follower on too)."""
        reached = since
        while reached < until:
            changes = await self._whole_revisions_after(reached)
            if not changes:
                break
            await self._apply(changes)
            reached = changes[-1].revision
        return max(reached, until)

    async def _whole_revisions_after(self, revision: int) -> list[Change]:
        """The next page of changes, cut at a revision boundary."""
        limit = PAGE
        while True:
            changes = await self._store.changes_since(revision, limit=limit)
            if len(changes) < limit:
                return changes
            last = changes[-1].revision
            whole = [change for change in changes if change.revision < last]
            if whole:
                return whole
            limit *= 2  # one write touched more claims than a page holds

    async def follow(
        self,
        stop: asyncio.Event,
        *,
        position: Callable[[], int],
        step: Callable[[], Awaitable[bool]],
    ) -> None:
        """Until `stop`: run `step` (the follower reads the feed and does its work; True when
        work is left to do at once), else wait for the store to move past `position()`."""
        backoff = FIRST_BACKOFF
        while not stop.is_set():
            try:
                if not await step():
                    await self._wait_for_change(position(), stop)
                backoff = FIRST_BACKOFF
            except StoreUnavailable as exc:
                log.warning(
                    "%s: store unavailable (%s); retrying in %.1fs", self._name, exc, backoff
                )
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except Exception:
                # The follower must outlive any one bad change; the next step retries it.
                log.exception("%s failed; retrying in %.1fs", self._name, backoff)
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def _wait_for_change(self, revision: int, stop: asyncio.Event) -> None:
        waiting = asyncio.ensure_future(self._store.wait_for_change(revision, WAIT_SECONDS))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            done, _ = await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (waiting, stopping):
                task.cancel()
            await asyncio.gather(waiting, stopping, return_exceptions=True)
        if waiting in done:
            waiting.result()  # re-raises the store's error, if any


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
