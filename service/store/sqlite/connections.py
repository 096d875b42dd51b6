"""SQLite connections off the event loop: one writer thread, a few reader threads.

sqlite3 calls block, so each runs in a thread. Every write goes through the one writer
thread and its connection, which serialises them without a lock; WAL lets the reader
threads, each with its own connection, read concurrently with that writer.
"""

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, TypeVar

from service.errors import InvalidInput, StoreError, StoreUnavailable

T = TypeVar("T")

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5_000
_UNAVAILABLE_MESSAGES = ("locked", "busy", "unable to open", "disk i/o", "disk is full")


def sqlite_path(database_url: str) -> str:
    """`sqlite:///relative.db`, `sqlite:////absolute.db` or `sqlite:///:memory:` to a path."""
    prefix = "sqlite:///"
    path = database_url[len(prefix) :] if database_url.startswith(prefix) else ""
    if not path or "?" in path:
        raise InvalidInput(
            "FACTCHECK_DATABASE_URL",
            "a SQLite URL is sqlite:///relative/path.db, sqlite:////absolute/path.db "
            "or sqlite:///:memory:",
        )
    return path


def translate_error(exc: sqlite3.Error) -> Exception:
    """A domain error for `exc`: unavailable when waiting or retrying may help."""
    message = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and any(
        fragment in message.lower() for fragment in _UNAVAILABLE_MESSAGES
    ):
        return StoreUnavailable(f"SQLite database unavailable: {message}")
    return StoreError(f"SQLite refused the operation: {message}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front: another process writing the same file makes us
    # wait (busy_timeout) instead of failing when a read transaction tries to upgrade.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class SqliteConnections:
    def __init__(
        self, path: str, *, synchronous: Literal["full", "normal"], readers: int = 4
    ) -> None:
        self.path = path
        self._synchronous = synchronous
        self._readers = readers
        self._writer_pool: ThreadPoolExecutor | None = None
        self._reader_pool: ThreadPoolExecutor | None = None
        self._writer_conn: sqlite3.Connection | None = None
        self._reader_conns: list[sqlite3.Connection] = []
        self._reader_conns_lock = threading.Lock()
        self._local = threading.local()

    @property
    def in_memory(self) -> bool:
        return self.path == MEMORY

    @property
    def is_open(self) -> bool:
        return self._writer_conn is not None

    async def open(self) -> None:
        if not self.in_memory:
            folder = Path(self.path).parent
            try:
                await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the SQLite database folder {folder}: {exc}"
                ) from exc
        self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer")
        # An in-memory database lives in one connection: shared-cache connections would fail
        # reads with SQLITE_LOCKED during any write (busy_timeout does not apply), so its
        # reads queue on the writer thread too.
        if not self.in_memory:
            self._reader_pool = ThreadPoolExecutor(self._readers, thread_name_prefix="sqlite-read")
        self._writer_conn = await self._run(self._writer_pool, self._connect_writer)

    async def close(self) -> None:
        pools = [p for p in (self._writer_pool, self._reader_pool) if p is not None]
        self._writer_pool = self._reader_pool = None
        for pool in pools:
            await asyncio.to_thread(pool.shutdown, True)
        with self._reader_conns_lock:
            conns, self._reader_conns = self._reader_conns, []
        if self._writer_conn is not None:
            conns.append(self._writer_conn)
            self._writer_conn = None
        for conn in conns:
            conn.close()

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        pool, conn = self._writer_pool, self._writer_conn
        if pool is None or conn is None:
            raise StoreError("the SQLite store is not open")
        return await self._run(pool, lambda: work(conn))

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if self.in_memory:
            return await self.write(work)
        pool = self._reader_pool
        if pool is None:
            raise StoreError("the SQLite store is not open")
        return await self._run(pool, lambda: work(self._reader_conn()))

    async def vacuum_into(self, target: str) -> None:
        """A compacted, consistent copy of the database in the new file `target`."""
        if self.in_memory:  # the database lives in the writer's connection only
            await self.write(lambda conn: conn.execute("VACUUM INTO ?", (target,)))
            return

        def copy() -> None:
            # Its own connection: readers are query_only, which VACUUM INTO counts as writing
            # (to the copy). It reads one snapshot, so writers go on meanwhile.
            conn = self._connect()
            try:
                conn.execute("VACUUM INTO ?", (target,))
            finally:
                conn.close()

        try:
            await asyncio.to_thread(copy)
        except sqlite3.Error as exc:
            raise translate_error(exc) from exc

    @staticmethod
    async def _run(pool: ThreadPoolExecutor, call: Callable[[], T]) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, call)
        except sqlite3.Error as exc:
            raise translate_error(exc) from exc

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False only so close() can close connections from another thread;
        # each connection is otherwise used by the one thread that made it.
        conn = sqlite3.connect(
            self.path,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA synchronous = {self._synchronous.upper()}")
        return conn

    def _connect_writer(self) -> sqlite3.Connection:
        conn = self._connect()
        if not self.in_memory:
            conn.execute("PRAGMA journal_mode = WAL")
        return conn

    def _reader_conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            with self._reader_conns_lock:
                self._reader_conns.append(conn)
        return conn
