"""The SQLite backend: WAL, one writer thread, reader threads, schema versioned in the file."""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Literal, TypeVar

from schemas.analysis import Analysis
from service.errors import StoreError, StoreUnavailable
from service.store import watch_sql
from service.store.change_signal import ChangeSignal
from service.store.codec import (
    CLAIM_COLUMNS,
    KEY_BYTES,
    REPORT_COLUMNS,
    check_claim,
    check_report,
    claim_from_row,
    encode_analysis,
    format_timestamp,
    report_from_row,
    utc_now,
)
from service.store.queries import Dialect, claim_listing, claims_in_batches
from service.store.records import (
    Change,
    ClaimFilter,
    ClaimRecord,
    NewClaim,
    NewReport,
    PutResult,
    ReportRecord,
)
from service.store.sqlite import watches, writes
from service.store.sqlite.connections import SqliteConnections, sqlite_path
from service.store.sqlite.schema import KNOWN_VERSIONS
from service.store.watch_records import (
    AttemptOutcome,
    DueEvent,
    NewWatch,
    NewWatchHit,
    WatchEventRecord,
    WatchRecord,
    WatchStatementRecord,
)

_CLAIMS = f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims"
_REPORTS = f"SELECT {', '.join(REPORT_COLUMNS)} FROM reports"
_CLAIM_LANGUAGES = (
    "SELECT claims.id, coalesce(reports.language, 'en') FROM claims "
    "LEFT JOIN reports ON reports.id = claims.report_id "
    "WHERE claims.id IN (SELECT value FROM json_each(?))"
)
# Timestamps are stored as fixed-width UTC text ("...Z"): text order is time order.
_DIALECT = Dialect(param="?", date_prefix="substr(published_at, 1, 10)", instant="?")
_CHANGES_SINCE = (
    "SELECT revision, claim_id, op FROM changes WHERE revision > ? ORDER BY revision LIMIT ?"
)

T = TypeVar("T")
Row = tuple[Any, ...]


class SqliteStore:
    """`Store` on one SQLite file (or a private in-memory database for tests).

    `poll_interval` bounds how late `wait_for_change` sees a write by another process; this
    store's own writes wake it at once.
    """

    def __init__(
        self,
        database_url: str,
        *,
        synchronous: Literal["full", "normal"] = "full",
        readers: int = 4,
        poll_interval: float = 0.5,
    ) -> None:
        self._db = SqliteConnections(
            sqlite_path(database_url), synchronous=synchronous, readers=readers
        )
        self._poll_interval = poll_interval
        self._signal = ChangeSignal()

    async def open(self) -> None:
        if self._db.is_open:
            return
        try:
            await self._db.open()
            await self._db.write(writes.migrate)
        except BaseException:
            await self._db.close()
            raise

    async def close(self) -> None:
        await self._db.close()

    async def ready(self) -> bool:
        try:
            versions = await self._db.read(writes.schema_versions)
        except (StoreError, StoreUnavailable):
            return False
        # Every known version, not only the highest: versions need not be contiguous, and one
        # merged in below the highest applied is still pending until `open` applies it.
        return versions >= KNOWN_VERSIONS

    async def backup(self, target: str) -> None:
        if await asyncio.to_thread(os.path.exists, target):
            raise StoreError(f"backup target already exists: {target}")
        # The copy is a whole database (no WAL beside it), compacted, ready to open or copy.
        await self._db.vacuum_into(target)

    async def pragma(self, name: str) -> object:
        """The value of PRAGMA `name` on the writer connection, for diagnostics."""
        if not name.isidentifier():
            raise ValueError(f"not a PRAGMA name: {name!r}")
        row = await self._db.write(lambda conn: conn.execute(f"PRAGMA {name}").fetchone())
        return None if row is None else row[0]

    # Writes

    async def put_reports(self, reports: Sequence[NewReport]) -> list[PutResult]:
        for report in reports:
            check_report(report)
        now = format_timestamp(utc_now())
        results = await self._db.write(lambda conn: writes.put_reports(conn, reports, now))
        self._signal.notify()
        return results

    async def delete_report(self, report_id: int) -> bool:
        deleted = await self._db.write(lambda conn: writes.delete_report(conn, report_id))
        self._signal.notify()
        return deleted

    async def put_claim(self, claim: NewClaim) -> ClaimRecord:
        check_claim(claim)
        now = format_timestamp(utc_now())
        record = await self._db.write(lambda conn: writes.put_claim(conn, claim, now))
        self._signal.notify()
        return record

    async def replace_analyses(self, analyses: Sequence[tuple[int, Analysis]]) -> int:
        encoded = [(claim_id, encode_analysis(a)) for claim_id, a in analyses]
        return await self._db.write(lambda conn: writes.replace_analyses(conn, encoded))

    async def delete_claim(self, claim_id: int) -> bool:
        now = format_timestamp(utc_now())
        deleted = await self._db.write(lambda conn: writes.delete_claim(conn, claim_id, now))
        self._signal.notify()
        return deleted

    async def signing_key(self, purpose: str) -> bytes:
        now = format_timestamp(utc_now())
        candidate = secrets.token_bytes(KEY_BYTES)
        return await self._db.write(lambda conn: writes.signing_key(conn, purpose, candidate, now))

    # Reports

    async def get_report(self, report_id: int) -> ReportRecord | None:
        return _first(await self._fetch(f"{_REPORTS} WHERE id = ?", (report_id,), report_from_row))

    async def get_report_by_external_id(self, external_id: str) -> ReportRecord | None:
        sql = f"{_REPORTS} WHERE external_id = ?"
        return _first(await self._fetch(sql, (external_id,), report_from_row))

    async def list_reports(
        self, *, limit: int, after_id: int | None = None, updated_since: str | None = None
    ) -> list[ReportRecord]:
        if updated_since is None:
            sql = f"{_REPORTS} WHERE id > ? ORDER BY id LIMIT ?"
            return await self._fetch(sql, (after_id or 0, limit), report_from_row)
        # Stored as UTC text ("...Z"), compared as instants by julianday().
        sql = (
            f"{_REPORTS} WHERE id > ? AND julianday(updated_at) >= julianday(?) ORDER BY id LIMIT ?"
        )
        return await self._fetch(sql, (after_id or 0, updated_since, limit), report_from_row)

    async def count_reports(self) -> int:
        return await self._scalar("SELECT count(*) FROM reports")

    # Claims

    async def get_claim(self, claim_id: int) -> ClaimRecord | None:
        return _first(await self._fetch(f"{_CLAIMS} WHERE id = ?", (claim_id,), claim_from_row))

    async def get_claims(self, claim_ids: Sequence[int]) -> list[ClaimRecord]:
        if not claim_ids:
            return []
        # One statement text whatever the number of ids, so sqlite3's statement cache hits.
        sql = f"{_CLAIMS} WHERE id IN (SELECT value FROM json_each(?))"
        ids = "[" + ",".join(str(int(claim_id)) for claim_id in claim_ids) + "]"
        return await self._fetch(sql, (ids,), claim_from_row)

    async def claim_languages(self, claim_ids: Sequence[int]) -> dict[int, str]:
        if not claim_ids:
            return {}
        ids = "[" + ",".join(str(int(claim_id)) for claim_id in claim_ids) + "]"
        rows = await self._fetch(_CLAIM_LANGUAGES, (ids,), lambda row: (int(row[0]), str(row[1])))
        return dict(rows)

    async def report_claims(self, report_id: int) -> list[ClaimRecord]:
        sql = f"{_CLAIMS} WHERE report_id = ? ORDER BY span_start NULLS LAST, id"
        return await self._fetch(sql, (report_id,), claim_from_row)

    async def list_claims(
        self, *, limit: int, after_id: int | None = None, where: ClaimFilter | None = None
    ) -> list[ClaimRecord]:
        sql, params = claim_listing(_CLAIMS, _DIALECT, limit=limit, after_id=after_id, where=where)
        return await self._fetch(sql, params, claim_from_row)

    def iter_claims(self, *, batch_size: int = 5_000) -> AsyncIterator[list[ClaimRecord]]:
        return claims_in_batches(self.list_claims, batch_size)

    async def count_claims(self) -> int:
        return await self._scalar("SELECT count(*) FROM claims")

    # Change feed

    async def revision(self) -> int:
        return await self._scalar("SELECT coalesce(max(revision), 0) FROM changes")

    async def wait_for_change(self, revision: int, timeout: float) -> int:  # noqa: ASYNC109 - see Store
        return await self._signal.wait_for_change(
            revision,
            timeout,
            current_revision=self.revision,
            poll_interval=lambda: self._poll_interval,
        )

    async def changes_since(self, revision: int, *, limit: int = 10_000) -> list[Change]:
        return await self._fetch(_CHANGES_SINCE, (revision, limit), _change_from_row)

    # Watches

    async def put_watch(self, watch: NewWatch) -> WatchRecord:
        now = format_timestamp(utc_now())
        watch_id = await self._db.write(lambda conn: watches.put_watch(conn, watch, now))
        found = await self.get_watch(watch_id)
        assert found is not None  # written above; only a concurrent delete could remove it
        return found

    async def get_watch(self, watch_id: int) -> WatchRecord | None:
        return await self._db.read(lambda conn: watches.get_watch(conn, watch_id))

    async def list_watches(self, *, limit: int, after_id: int | None = None) -> list[WatchRecord]:
        return await self._db.read(lambda conn: watches.list_watches(conn, after_id or 0, limit))

    async def delete_watch(self, watch_id: int) -> bool:
        return await self._db.write(lambda conn: watches.delete_watch(conn, watch_id))

    async def watch_statements_after(
        self, after_id: int, *, limit: int
    ) -> list[WatchStatementRecord]:
        return await self._fetch(
            watch_sql.qmark(watch_sql.STATEMENTS_AFTER),
            (after_id, limit),
            watch_sql.statement_from_row,
        )

    async def watch_cursor(self) -> int:
        return await self._scalar(watch_sql.READ_CURSOR)

    async def record_watch_hits(
        self, from_revision: int, to_revision: int, hits: Sequence[NewWatchHit]
    ) -> list[int] | None:
        now = format_timestamp(utc_now())
        return await self._db.write(
            lambda conn: watches.record_hits(conn, from_revision, to_revision, hits, now)
        )

    async def list_watch_events(
        self, watch_id: int, *, limit: int, after_id: int | None = None
    ) -> list[WatchEventRecord]:
        return await self._db.read(
            lambda conn: watches.list_events(conn, watch_id, after_id or 0, limit)
        )

    async def lease_due_events(self, *, now: str, lease_until: str, limit: int) -> list[DueEvent]:
        return await self._db.write(lambda conn: watches.lease_due(conn, now, lease_until, limit))

    async def finish_attempt(self, outcome: AttemptOutcome) -> None:
        await self._db.write(lambda conn: watches.finish_attempt(conn, outcome))

    async def next_event_due(self) -> str | None:
        rows = await self._fetch(watch_sql.NEXT_DUE, (), lambda row: row[0])
        return rows[0] if rows else None

    async def latest_event_id(self) -> int:
        return await self._scalar(watch_sql.LATEST_EVENT)

    async def _fetch(
        self, sql: str, params: Sequence[object], decode: Callable[[Row], T]
    ) -> list[T]:
        # Rows are decoded on the reader thread: a batch of thousands of claims would
        # otherwise hold the event loop for tens of milliseconds.
        return await self._db.read(lambda conn: [decode(row) for row in conn.execute(sql, params)])

    async def _scalar(self, sql: str) -> int:
        return (await self._fetch(sql, (), lambda row: int(row[0])))[0]


def _first(records: list[T]) -> T | None:
    return records[0] if records else None


def _change_from_row(row: Row) -> Change:
    return Change(*row)
