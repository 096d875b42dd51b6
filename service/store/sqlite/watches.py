"""SQLite transactions and reads for watches; writes run on the writer thread."""

import sqlite3
from collections.abc import Sequence

from service.store import watch_sql as sql
from service.store.codec import encode_analysis
from service.store.sqlite.connections import transaction
from service.store.watch_records import (
    AttemptOutcome,
    AttemptRecord,
    DueEvent,
    NewWatch,
    NewWatchHit,
    WatchEventRecord,
    WatchRecord,
)

q = sql.qmark


def put_watch(conn: sqlite3.Connection, watch: NewWatch, now: str) -> int:
    with transaction(conn):
        [watch_id] = conn.execute(
            q(sql.INSERT_WATCH),
            (
                watch.callback_url,
                watch.secret,
                sql.encode_stances(watch.stances),
                watch.created_revision,
                now,
            ),
        ).fetchone()
        ids = [
            conn.execute(
                q(sql.INSERT_STATEMENT),
                (watch_id, n, s.text, encode_analysis(s.analysis), s.start, s.end),
            ).fetchone()[0]
            for n, s in enumerate(watch.statements)
        ]
        conn.executemany(
            q(sql.INSERT_BASELINE),
            [(ids[b.statement_index], b.claim_id, watch_id, b.stance) for b in watch.baseline],
        )
    return int(watch_id)


def get_watch(conn: sqlite3.Connection, watch_id: int) -> WatchRecord | None:
    row = conn.execute(q(sql.SELECT_WATCH), (watch_id,)).fetchone()
    return None if row is None else _watch(conn, row)


def list_watches(conn: sqlite3.Connection, after_id: int, limit: int) -> list[WatchRecord]:
    rows = conn.execute(q(sql.LIST_WATCHES), (after_id, limit)).fetchall()
    return [_watch(conn, row) for row in rows]


def _watch(conn: sqlite3.Connection, row: sql.Row) -> WatchRecord:
    watch_id = int(row[0])
    statements = conn.execute(q(sql.STATEMENTS_OF_WATCH), (watch_id,)).fetchall()
    matches = conn.execute(q(sql.MATCHES_OF_WATCH), (watch_id,)).fetchall()
    return sql.watch_from_rows(row, statements, matches)


def delete_watch(conn: sqlite3.Connection, watch_id: int) -> bool:
    with transaction(conn):
        for statement in sql.DELETE_WATCH:
            conn.execute(q(statement), (watch_id,))
        return conn.execute(q(sql.DELETE_WATCH_ROW), (watch_id,)).rowcount > 0


def record_hits(
    conn: sqlite3.Connection,
    from_revision: int,
    to_revision: int,
    hits: Sequence[NewWatchHit],
    now: str,
) -> list[int] | None:
    with transaction(conn):
        [cursor] = conn.execute(sql.READ_CURSOR).fetchone()
        if cursor != from_revision:
            return None  # another process scanned these changes first
        event_ids: list[int] = []
        for hit in hits:
            found = conn.execute(
                q(sql.INSERT_HIT), (hit.claim_id, hit.stance, hit.statement_id)
            ).fetchone()
            if found is None:
                continue
            row = conn.execute(
                q(sql.INSERT_EVENT),
                (hit.statement_id, hit.claim_id, hit.payload, now, now, found[0]),
            ).fetchone()
            if row is not None:
                event_ids.append(int(row[0]))
        conn.execute(q(sql.MOVE_CURSOR), (to_revision,))
    return event_ids


def list_events(
    conn: sqlite3.Connection, watch_id: int, after_id: int, limit: int
) -> list[WatchEventRecord]:
    rows = conn.execute(q(sql.EVENTS_OF_WATCH), (watch_id, after_id, limit)).fetchall()
    attempts: dict[int, list[AttemptRecord]] = {}
    if rows:
        ids = sql.id_list([row[0] for row in rows])
        for row in conn.execute(sql.ATTEMPTS_OF_EVENTS.format(ids=ids)):
            event_id, attempt = sql.attempt_from_row(row)
            attempts.setdefault(event_id, []).append(attempt)
    return [sql.event_from_row(row, attempts.get(row[0])) for row in rows]


def lease_due(conn: sqlite3.Connection, now: str, lease_until: str, limit: int) -> list[DueEvent]:
    # One writer: no other process holds the lease table meanwhile (IMMEDIATE transaction).
    with transaction(conn):
        ids = [row[0] for row in conn.execute(q(sql.DUE_EVENT_IDS), (now, limit))]
        if not ids:
            return []
        listed = sql.id_list(ids)
        conn.execute(q(sql.LEASE_EVENTS.format(ids=listed)), (lease_until,))
        rows = conn.execute(sql.DUE_EVENTS.format(ids=listed)).fetchall()
    return [sql.due_from_row(row) for row in rows]


def finish_attempt(conn: sqlite3.Connection, outcome: AttemptOutcome) -> None:
    attempt = outcome.attempt
    delivered_at = attempt.attempted_at if outcome.status == "delivered" else None
    with transaction(conn):
        conn.execute(
            q(sql.INSERT_ATTEMPT),
            (
                attempt.attempted_at,
                attempt.duration_ms,
                attempt.status_code,
                attempt.error,
                outcome.event_id,
            ),
        )
        conn.execute(
            q(sql.FINISH_ATTEMPT),
            (outcome.status, outcome.next_attempt_at, delivered_at, outcome.event_id),
        )
