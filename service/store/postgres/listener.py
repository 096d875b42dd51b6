"""A dedicated connection that LISTENs for change notifications and survives losing the server."""

import asyncio
import contextlib
import logging
from collections.abc import Callable

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)

_FIRST_RETRY_DELAY = 0.1
_MAX_RETRY_DELAY = 5.0


class ChangeListener:
    """Calls `on_change()` for every notification on `channel`, reconnecting when cut off.

    `listening` is False while the connection is down; waiters then fall back to polling.
    """

    def __init__(
        self,
        conninfo: str,
        *,
        channel: str,
        on_change: Callable[[], None],
        application_name: str,
    ) -> None:
        self._conninfo = conninfo
        self._channel = channel
        self._on_change = on_change
        self._application_name = application_name
        self._task: asyncio.Task[None] | None = None
        self.listening = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"listen-{self._channel}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.listening = False

    async def _run(self) -> None:
        delay = _FIRST_RETRY_DELAY
        while True:
            try:
                await self._listen()
            except (psycopg.Error, OSError) as exc:
                if self.listening:
                    logger.warning("lost the change notification connection: %s", exc)
                    delay = _FIRST_RETRY_DELAY
            finally:
                self.listening = False
            await asyncio.sleep(delay)
            delay = min(delay * 2, _MAX_RETRY_DELAY)

    async def _listen(self) -> None:
        conn = await psycopg.AsyncConnection.connect(
            self._conninfo, autocommit=True, application_name=self._application_name
        )
        async with conn:
            await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
            self.listening = True
            # Writes made while this connection was down sent notifications no one heard.
            self._on_change()
            async for _notification in conn.notifies():
                self._on_change()
