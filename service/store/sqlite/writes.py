"""SQLite write transactions; each runs on the writer thread with the writer connection.

Every write that touches claims appends one `changes` row per claim in the same transaction.
"""

import sqlite3
from collections.abc import Sequence

import msgspec

from service.store.codec import (
    CLAIM_COLUMNS,
    claim_from_values,
    claim_values,
    pending_migrations,
)
from service.store.records import ClaimRecord, NewClaim, NewReport, PutResult
from service.store.replacement import (
    Placement,
    StoredReport,
    lookup_keys,
    plan_round,
    round_rows,
)
from service.store.sqlite.connections import transaction
from service.store.sqlite.schema import MIGRATIONS, SCHEMA_MIGRATIONS_TABLE

_INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in CLAIM_COLUMNS)})"
)
_INSERT_REPORT = """
    INSERT INTO reports (id, external_id, content_hash, source, title, url, published_at,
                         language, text, claim_count, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_UPDATE_REPORT = """
    UPDATE reports SET external_id = ?, content_hash = ?, source = ?, title = ?, url = ?,
                       published_at = ?, language = ?, text = ?, claim_count = ?,
                       updated_at = ?
    WHERE id = ?
"""
_LOG_DELETED_REPORT_CLAIMS = """
    INSERT INTO changes (claim_id, op)
    SELECT id, 'delete' FROM claims WHERE report_id = ? ORDER BY id
"""


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the migrations this file lacks; a no-op when it is current."""
    with transaction(conn):
        conn.execute(SCHEMA_MIGRATIONS_TABLE)
        applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for migration in pending_migrations(applied, MIGRATIONS):
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) "
                "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                (migration.version, migration.name),
            )


def schema_versions(conn: sqlite3.Connection) -> set[int]:
    return {int(row[0]) for row in conn.execute("SELECT version FROM schema_migrations")}


def put_reports(
    conn: sqlite3.Connection, reports: Sequence[NewReport], now: str
) -> list[PutResult]:
    results: list[PutResult] = []
    with transaction(conn):
        while len(results) < len(reports):
            pending = reports[len(results) :]
            placements = plan_round(pending, _stored_candidates(conn, pending))
            results.extend(_write_round(conn, placements, now))
    return results


def delete_report(conn: sqlite3.Connection, report_id: int) -> bool:
    with transaction(conn):
        conn.execute(_LOG_DELETED_REPORT_CLAIMS, (report_id,))
        conn.execute("DELETE FROM claims WHERE report_id = ?", (report_id,))
        return conn.execute("DELETE FROM reports WHERE id = ?", (report_id,)).rowcount > 0


def put_claim(conn: sqlite3.Connection, claim: NewClaim, now: str) -> ClaimRecord:
    with transaction(conn):
        [claim_id] = _allocate_ids(conn, "claims", 1)
        values = claim_values(claim, claim_id=claim_id, report_id=None, report=None, created_at=now)
        conn.execute(_INSERT_CLAIM, values)
        conn.execute("INSERT INTO changes (claim_id, op) VALUES (?, 'upsert')", (claim_id,))
    return claim_from_values(values, claim.analysis, claim.rating, now)


def replace_analyses(conn: sqlite3.Connection, analyses: Sequence[tuple[int, str]]) -> int:
    with transaction(conn):
        cursor = conn.executemany(
            "UPDATE claims SET analysis = ? WHERE id = ?", [(a, i) for i, a in analyses]
        )
    return cursor.rowcount


def delete_claim(conn: sqlite3.Connection, claim_id: int, now: str) -> bool:
    with transaction(conn):
        row = conn.execute("SELECT report_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
        if row is None:
            return False
        conn.execute("INSERT INTO changes (claim_id, op) VALUES (?, 'delete')", (claim_id,))
        conn.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
        conn.execute(
            "UPDATE reports SET claim_count = claim_count - 1, updated_at = ? WHERE id = ?",
            (now, row[0]),
        )
    return True


def signing_key(conn: sqlite3.Connection, purpose: str, candidate: bytes, now: str) -> bytes:
    """The stored key for `purpose`, `candidate` when there was none yet."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO store_keys (purpose, key, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (purpose) DO NOTHING",
            (purpose, candidate, now),
        )
        row = conn.execute("SELECT key FROM store_keys WHERE purpose = ?", (purpose,)).fetchone()
    return bytes(row[0])


def _stored_candidates(
    conn: sqlite3.Connection, pending: Sequence[NewReport]
) -> list[StoredReport]:
    external_ids, content_hashes = lookup_keys(pending)
    rows = conn.execute(
        """
        SELECT id, external_id, content_hash, source, created_at FROM reports
        WHERE external_id IN (SELECT value FROM json_each(?))
           OR content_hash IN (SELECT value FROM json_each(?))
        """,
        (_json_list(external_ids), _json_list(content_hashes)),
    )
    return [
        StoredReport(id=r[0], external_id=r[1], content_hash=r[2], source=r[3], created_at=r[4])
        for r in rows
    ]


def _write_round(
    conn: sqlite3.Connection, placements: Sequence[Placement], now: str
) -> list[PutResult]:
    replaced_ids = [(p.replaces.id,) for p in placements if p.replaces is not None]
    conn.executemany(_LOG_DELETED_REPORT_CLAIMS, replaced_ids)
    conn.executemany("DELETE FROM claims WHERE report_id = ?", replaced_ids)
    rows = round_rows(
        placements,
        now=now,
        report_ids=_allocate_ids(conn, "reports", len(placements) - len(replaced_ids)),
        claim_ids=_allocate_ids(conn, "claims", sum(len(p.report.claims) for p in placements)),
    )
    conn.executemany(_UPDATE_REPORT, rows.report_updates)
    conn.executemany(_INSERT_REPORT, rows.report_inserts)
    conn.executemany(_INSERT_CLAIM, rows.claim_inserts)
    conn.executemany(
        "INSERT INTO changes (claim_id, op) VALUES (?, 'upsert')",
        [(row[0],) for row in rows.claim_inserts],
    )
    return rows.results


def _allocate_ids(conn: sqlite3.Connection, table: str, count: int) -> range:
    """The next `count` AUTOINCREMENT ids of `table`, inserted explicitly later.

    Inside the write transaction no one else can take them; inserting them advances
    sqlite_sequence, so they are never handed out again.
    """
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    start = (row[0] if row else 0) + 1
    return range(start, start + count)


def _json_list(values: Sequence[str]) -> str:
    return msgspec.json.encode(values).decode()
