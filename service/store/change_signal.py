"""Waiting for the store revision to move: woken by writes, with polling as the safety net."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable


class ChangeSignal:
    """Wakes every waiter when a write may have moved the revision.

    Each notification completes the current event and starts a fresh one, so a waiter that
    took the event before reading the revision cannot miss a write that lands in between.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for_change(
        self,
        revision: int,
        timeout: float,  # noqa: ASYNC109 - returns a value at the deadline
        *,
        current_revision: Callable[[], Awaitable[int]],
        poll_interval: Callable[[], float],
    ) -> int:
        """`current_revision()` as soon as it exceeds `revision`, else its value at `timeout`.

        Between notifications the revision is re-read every `poll_interval()` seconds: writes
        by other processes, or notifications lost while reconnecting, are still seen.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            event = self._event
            current = await current_revision()
            remaining = deadline - loop.time()
            if current > revision or remaining <= 0:
                return current
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, poll_interval()))
