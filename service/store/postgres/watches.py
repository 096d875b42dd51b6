"""PostgreSQL transactions and reads for watches.

Watch writes do not take the change feed's lock: they add no claim changes. Replicas share
the delivery queue through `FOR UPDATE SKIP LOCKED` leases, and the scan cursor through a row
lock, so each event is recorded once and handed to one deliverer at a time.
"""

from collections.abc import Sequence
from typing import Any

from psycopg import AsyncConnection

from service.store import watch_sql as sql
from service.store.codec import encode_analysis
from service.store.watch_records import (
    AttemptOutcome,
    AttemptRecord,
    DueEvent,
    NewWatch,
    NewWatchHit,
    WatchEventRecord,
    WatchRecord,
)

Conn = AsyncConnection[tuple[Any, ...]]

_LEASE_DUE = (
    "UPDATE watch_events SET next_attempt_at = %s WHERE id IN ("
    "SELECT id FROM watch_events WHERE status = 'pending' AND next_attempt_at <= %s "
    "ORDER BY next_attempt_at, id LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING id"
)


async def _one(conn: Conn, statement: str, params: Sequence[Any] = ()) -> sql.Row | None:
    cursor = await conn.execute(statement, params)
    return await cursor.fetchone()


async def _all(conn: Conn, statement: str, params: Sequence[Any] = ()) -> list[sql.Row]:
    cursor = await conn.execute(statement, params)
    return await cursor.fetchall()


async def put_watch(conn: Conn, watch: NewWatch, now: str) -> int:
    async with conn.transaction():
        row = await _one(
            conn,
            sql.INSERT_WATCH,
            (
                watch.callback_url,
                watch.secret,
                sql.encode_stances(watch.stances),
                watch.created_revision,
                now,
            ),
        )
        assert row is not None
        watch_id = int(row[0])
        ids: list[int] = []
        for n, s in enumerate(watch.statements):
            found = await _one(
                conn,
                sql.INSERT_STATEMENT,
                (watch_id, n, s.text, encode_analysis(s.analysis), s.start, s.end),
            )
            assert found is not None
            ids.append(int(found[0]))
        if watch.baseline:
            async with conn.cursor() as cursor:
                await cursor.executemany(
                    sql.INSERT_BASELINE,
                    [
                        (ids[b.statement_index], b.claim_id, watch_id, b.stance)
                        for b in watch.baseline
                    ],
                )
    return watch_id


async def get_watch(conn: Conn, watch_id: int) -> WatchRecord | None:
    row = await _one(conn, sql.SELECT_WATCH, (watch_id,))
    return None if row is None else await _watch(conn, row)


async def list_watches(conn: Conn, after_id: int, limit: int) -> list[WatchRecord]:
    rows = await _all(conn, sql.LIST_WATCHES, (after_id, limit))
    return [await _watch(conn, row) for row in rows]


async def _watch(conn: Conn, row: sql.Row) -> WatchRecord:
    watch_id = int(row[0])
    statements = await _all(conn, sql.STATEMENTS_OF_WATCH, (watch_id,))
    matches = await _all(conn, sql.MATCHES_OF_WATCH, (watch_id,))
    return sql.watch_from_rows(row, statements, matches)


async def statements_after(conn: Conn, after_id: int, limit: int) -> list[sql.Row]:
    return await _all(conn, sql.STATEMENTS_AFTER, (after_id, limit))


async def delete_watch(conn: Conn, watch_id: int) -> bool:
    async with conn.transaction():
        for statement in sql.DELETE_WATCH:
            await conn.execute(statement, (watch_id,))
        cursor = await conn.execute(sql.DELETE_WATCH_ROW, (watch_id,))
        return cursor.rowcount > 0


async def record_hits(
    conn: Conn, from_revision: int, to_revision: int, hits: Sequence[NewWatchHit], now: str
) -> list[int] | None:
    async with conn.transaction():
        row = await _one(conn, f"{sql.READ_CURSOR} FOR UPDATE")
        if row is None or int(row[0]) != from_revision:
            return None  # another replica scanned these changes first
        event_ids: list[int] = []
        for hit in hits:
            found = await _one(conn, sql.INSERT_HIT, (hit.claim_id, hit.stance, hit.statement_id))
            if found is None:
                continue
            event = await _one(
                conn,
                sql.INSERT_EVENT,
                (hit.statement_id, hit.claim_id, hit.payload, now, now, found[0]),
            )
            if event is not None:
                event_ids.append(int(event[0]))
        await conn.execute(sql.MOVE_CURSOR, (to_revision,))
    return event_ids


async def read_cursor(conn: Conn) -> int:
    row = await _one(conn, sql.READ_CURSOR)
    return 0 if row is None else int(row[0])


async def list_events(
    conn: Conn, watch_id: int, after_id: int, limit: int
) -> list[WatchEventRecord]:
    rows = await _all(conn, sql.EVENTS_OF_WATCH, (watch_id, after_id, limit))
    attempts: dict[int, list[AttemptRecord]] = {}
    if rows:
        ids = sql.id_list([row[0] for row in rows])
        for row in await _all(conn, sql.ATTEMPTS_OF_EVENTS.format(ids=ids)):
            event_id, attempt = sql.attempt_from_row(row)
            attempts.setdefault(event_id, []).append(attempt)
    return [sql.event_from_row(row, attempts.get(row[0])) for row in rows]


async def lease_due(conn: Conn, now: str, lease_until: str, limit: int) -> list[DueEvent]:
    async with conn.transaction():
        ids = [row[0] for row in await _all(conn, _LEASE_DUE, (lease_until, now, limit))]
        if not ids:
            return []
        rows = await _all(conn, sql.DUE_EVENTS.format(ids=sql.id_list(ids)))
    return [sql.due_from_row(row) for row in rows]


async def finish_attempt(conn: Conn, outcome: AttemptOutcome) -> None:
    attempt = outcome.attempt
    delivered_at = attempt.attempted_at if outcome.status == "delivered" else None
    async with conn.transaction():
        await conn.execute(
            sql.INSERT_ATTEMPT,
            (
                attempt.attempted_at,
                attempt.duration_ms,
                attempt.status_code,
                attempt.error,
                outcome.event_id,
            ),
        )
        await conn.execute(
            sql.FINISH_ATTEMPT,
            (outcome.status, outcome.next_attempt_at, delivered_at, outcome.event_id),
        )


async def scalar_text(conn: Conn, statement: str) -> Any:
    row = await _one(conn, statement)
    return None if row is None else row[0]
