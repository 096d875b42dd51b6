"""The SQL of watches, shared by both backends: written with `%s` placeholders (PostgreSQL);
the SQLite backend swaps them for `?` with `qmark`.

Timestamps are ISO 8601 UTC text in both backends (fixed width, so they compare in time order):
the delivery queue compares them with "now" computed by the service, never by the database,
so replicas with one clock source agree and the tests can move time.
"""

from typing import Any

import msgspec

from service.store.codec import decode_analysis
from service.store.watch_records import (
    AttemptRecord,
    DueEvent,
    WatchEventRecord,
    WatchMatch,
    WatchRecord,
    WatchStance,
    WatchStatementRecord,
)

SCAN_CURSOR = "scan"
Row = tuple[Any, ...]


def watch_tables(*, id_column: str, id_type: str) -> tuple[str, ...]:
    return (
        f"""
        CREATE TABLE watches (
            id {id_column},
            callback_url TEXT,
            secret TEXT,
            stances TEXT NOT NULL,
            created_revision {id_type} NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        f"""
        CREATE TABLE watch_statements (
            id {id_column},
            watch_id {id_type} NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            analysis TEXT NOT NULL,
            span_start INTEGER,
            span_end INTEGER
        )
        """,
        "CREATE INDEX watch_statements_watch ON watch_statements (watch_id, position)",
        # One row per (statement, claim) ever matched: an event fires only when a row is new.
        f"""
        CREATE TABLE watch_matches (
            statement_id {id_type} NOT NULL REFERENCES watch_statements (id) ON DELETE CASCADE,
            claim_id {id_type} NOT NULL,
            watch_id {id_type} NOT NULL,
            stance TEXT NOT NULL,
            PRIMARY KEY (statement_id, claim_id)
        )
        """,
        "CREATE INDEX watch_matches_watch ON watch_matches (watch_id)",
        # The outbox: written in the transaction that records the match, delivered afterwards.
        f"""
        CREATE TABLE watch_events (
            id {id_column},
            watch_id {id_type} NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
            statement_id {id_type} NOT NULL,
            claim_id {id_type} NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'stream')),
            attempt_count INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            delivered_at TEXT
        )
        """,
        "CREATE INDEX watch_events_watch ON watch_events (watch_id, id)",
        "CREATE INDEX watch_events_due ON watch_events (status, next_attempt_at)",
        f"""
        CREATE TABLE watch_attempts (
            id {id_column},
            event_id {id_type} NOT NULL REFERENCES watch_events (id) ON DELETE CASCADE,
            attempted_at TEXT NOT NULL,
            duration_ms DOUBLE PRECISION NOT NULL,
            status_code INTEGER,
            error TEXT
        )
        """,
        "CREATE INDEX watch_attempts_event ON watch_attempts (event_id, id)",
        # Where the watch scanner is in the change feed. It starts at the current revision: a
        # store upgraded to watches does not replay its history.
        f"""
        CREATE TABLE watch_cursor (
            name TEXT PRIMARY KEY,
            revision {id_type} NOT NULL
        )
        """,
        "INSERT INTO watch_cursor (name, revision) "
        f"SELECT '{SCAN_CURSOR}', coalesce(max(revision), 0) FROM changes",
    )


def qmark(sql: str) -> str:
    return sql.replace("%s", "?")


INSERT_WATCH = (
    "INSERT INTO watches (callback_url, secret, stances, created_revision, created_at) "
    "VALUES (%s, %s, %s, %s, %s) RETURNING id"
)
INSERT_STATEMENT = (
    "INSERT INTO watch_statements (watch_id, position, text, analysis, span_start, span_end) "
    "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id"
)
INSERT_BASELINE = (
    "INSERT INTO watch_matches (statement_id, claim_id, watch_id, stance) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
)
WATCH_COLUMNS = "id, callback_url, secret, stances, created_revision, created_at"
SELECT_WATCH = f"SELECT {WATCH_COLUMNS} FROM watches WHERE id = %s"
LIST_WATCHES = f"SELECT {WATCH_COLUMNS} FROM watches WHERE id > %s ORDER BY id LIMIT %s"
_STATEMENT_COLUMNS = (
    "s.id, s.watch_id, s.text, s.analysis, w.stances, w.created_revision, s.span_start, s.span_end"
)
STATEMENTS_OF_WATCH = (
    f"SELECT {_STATEMENT_COLUMNS} FROM watch_statements s JOIN watches w ON w.id = s.watch_id "
    "WHERE s.watch_id = %s ORDER BY s.position"
)
STATEMENTS_AFTER = (
    f"SELECT {_STATEMENT_COLUMNS} FROM watch_statements s JOIN watches w ON w.id = s.watch_id "
    "WHERE s.id > %s ORDER BY s.id LIMIT %s"
)
MATCHES_OF_WATCH = (
    "SELECT statement_id, claim_id, stance FROM watch_matches WHERE watch_id = %s "
    "ORDER BY statement_id, claim_id"
)
DELETE_WATCH = (
    "DELETE FROM watch_attempts "
    "WHERE event_id IN (SELECT id FROM watch_events WHERE watch_id = %s)",
    "DELETE FROM watch_events WHERE watch_id = %s",
    "DELETE FROM watch_matches WHERE watch_id = %s",
    "DELETE FROM watch_statements WHERE watch_id = %s",
)
DELETE_WATCH_ROW = "DELETE FROM watches WHERE id = %s"
READ_CURSOR = f"SELECT revision FROM watch_cursor WHERE name = '{SCAN_CURSOR}'"
MOVE_CURSOR = f"UPDATE watch_cursor SET revision = %s WHERE name = '{SCAN_CURSOR}'"
# The match row is the guard: a (statement, claim) pair recorded once fires once, whichever
# replica scans it, and a statement deleted meanwhile records nothing.
INSERT_HIT = (
    "INSERT INTO watch_matches (statement_id, claim_id, watch_id, stance) "
    "SELECT id, %s, watch_id, %s FROM watch_statements WHERE id = %s "
    "ON CONFLICT DO NOTHING RETURNING watch_id"
)
INSERT_EVENT = (
    "INSERT INTO watch_events (watch_id, statement_id, claim_id, payload, created_at, status, "
    "next_attempt_at) "
    "SELECT id, %s, %s, %s, %s, CASE WHEN callback_url IS NULL THEN 'stream' ELSE 'pending' END, "
    "CASE WHEN callback_url IS NULL THEN NULL ELSE %s END FROM watches WHERE id = %s "
    "RETURNING id"
)
EVENT_COLUMNS = (
    "id, watch_id, statement_id, claim_id, payload, created_at, status, attempt_count, "
    "next_attempt_at, delivered_at"
)
EVENTS_OF_WATCH = (
    f"SELECT {EVENT_COLUMNS} FROM watch_events WHERE watch_id = %s AND id > %s ORDER BY id LIMIT %s"
)
ATTEMPTS_OF_EVENTS = (
    "SELECT event_id, attempted_at, duration_ms, status_code, error FROM watch_attempts "
    "WHERE event_id IN ({ids}) ORDER BY event_id, id"
)
DUE_EVENT_IDS = (
    "SELECT id FROM watch_events WHERE status = 'pending' AND next_attempt_at <= %s "
    "ORDER BY next_attempt_at, id LIMIT %s"
)
LEASE_EVENTS = "UPDATE watch_events SET next_attempt_at = %s WHERE id IN ({ids})"
DUE_EVENTS = (
    "SELECT e.id, e.watch_id, w.callback_url, w.secret, e.payload, e.created_at, "
    "e.attempt_count FROM watch_events e JOIN watches w ON w.id = e.watch_id "
    "WHERE e.id IN ({ids}) AND w.callback_url IS NOT NULL ORDER BY e.id"
)
INSERT_ATTEMPT = (
    "INSERT INTO watch_attempts (event_id, attempted_at, duration_ms, status_code, error) "
    "SELECT id, %s, %s, %s, %s FROM watch_events WHERE id = %s"
)
FINISH_ATTEMPT = (
    "UPDATE watch_events SET attempt_count = attempt_count + 1, status = %s, "
    "next_attempt_at = %s, delivered_at = %s WHERE id = %s"
)
NEXT_DUE = "SELECT min(next_attempt_at) FROM watch_events WHERE status = 'pending'"
LATEST_EVENT = "SELECT coalesce(max(id), 0) FROM watch_events"


def id_list(ids: list[int]) -> str:
    # Integers only, so inlining them is safe; one statement shape for either backend.
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def encode_stances(stances: tuple[str, ...]) -> str:
    return msgspec.json.encode(list(stances)).decode()


_STANCES = msgspec.json.Decoder(tuple[WatchStance, ...])


def statement_from_row(row: Row) -> WatchStatementRecord:
    sid, watch_id, text, analysis, stances, created_revision, start, end = row
    return WatchStatementRecord(
        id=int(sid),
        watch_id=int(watch_id),
        text=str(text),
        analysis=decode_analysis(analysis),
        stances=_STANCES.decode(stances),
        created_revision=int(created_revision),
        start=start,
        end=end,
    )


def decode_stances(raw: str | bytes) -> tuple[WatchStance, ...]:
    return _STANCES.decode(raw)


def match_from_row(row: Row) -> WatchMatch:
    return WatchMatch(int(row[0]), int(row[1]), str(row[2]))


def watch_from_rows(row: Row, statements: list[Row], matches: list[Row]) -> WatchRecord:
    """A watch from its row and the rows of STATEMENTS_OF_WATCH and MATCHES_OF_WATCH."""
    return WatchRecord(
        id=int(row[0]),
        callback_url=row[1],
        secret=row[2],
        stances=decode_stances(row[3]),
        created_revision=int(row[4]),
        created_at=row[5],
        statements=[statement_from_row(s) for s in statements],
        matches=[match_from_row(m) for m in matches],
    )


def event_from_row(row: Row, attempts: list[AttemptRecord] | None = None) -> WatchEventRecord:
    return WatchEventRecord(
        id=int(row[0]),
        watch_id=int(row[1]),
        statement_id=int(row[2]),
        claim_id=int(row[3]),
        payload=str(row[4]),
        created_at=str(row[5]),
        status=row[6],
        attempt_count=int(row[7]),
        next_attempt_at=row[8],
        delivered_at=row[9],
        attempts=attempts or [],
    )


def attempt_from_row(row: Row) -> tuple[int, AttemptRecord]:
    return int(row[0]), AttemptRecord(
        attempted_at=str(row[1]),
        duration_ms=float(row[2]),
        status_code=row[3],
        error=row[4],
    )


def due_from_row(row: Row) -> DueEvent:
    return DueEvent(
        id=int(row[0]),
        watch_id=int(row[1]),
        callback_url=str(row[2]),
        secret=row[3],
        payload=str(row[4]),
        created_at=str(row[5]),
        attempt_count=int(row[6]),
    )
