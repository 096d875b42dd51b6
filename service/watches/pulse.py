"""A wake-up for waiters in this process: each notification wakes every current waiter."""

import asyncio
import contextlib


class Pulse:
    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        # A fresh event per notification: a waiter never sees a stale "set" and spins.
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:  # noqa: ASYNC109 - a bounded nap, not a deadline
        """Until the next notification or `timeout` seconds, whichever comes first."""
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
