"""PostgreSQL write transactions; each runs inside `transaction`, which holds the feed lock.

Every write that touches claims appends one `changes` row per claim in the same transaction
and notifies CHANGES_CHANNEL, delivered at commit.
"""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection

from service.store.codec import (
    CLAIM_COLUMNS,
    claim_from_values,
    claim_values,
    pending_migrations,
)
from service.store.postgres.schema import (
    CHANGES_CHANNEL,
    FEED_LOCK,
    MIGRATION_LOCK,
    MIGRATIONS,
    SCHEMA_MIGRATIONS_TABLE,
    timestamp_sql,
)
from service.store.records import ClaimRecord, NewClaim, NewReport, PutResult
from service.store.replacement import (
    Placement,
    StoredReport,
    lookup_keys,
    plan_round,
    round_rows,
)

Conn = AsyncConnection[tuple[Any, ...]]

_COPY_CLAIMS = f"COPY claims ({', '.join(CLAIM_COLUMNS)}) FROM STDIN"
_COPY_REPORTS = """
    COPY reports (id, external_id, content_hash, source, title, url, published_at,
                  language, text, claim_count, created_at, updated_at) FROM STDIN
"""
_UPDATE_REPORT = """
    UPDATE reports SET external_id = %s, content_hash = %s, source = %s, title = %s, url = %s,
                       published_at = %s, language = %s, text = %s, claim_count = %s,
                       updated_at = %s
    WHERE id = %s
"""
_STORED_CANDIDATES = f"""
    SELECT id, external_id, content_hash, source, {timestamp_sql("created_at")} FROM reports
    WHERE external_id = ANY(%s::text[]) OR content_hash = ANY(%s::text[])
"""
_DELETE_REPORT_CLAIMS = """
    WITH gone AS (DELETE FROM claims WHERE report_id = ANY(%s::bigint[]) RETURNING id)
    INSERT INTO changes (claim_id, op) SELECT id, 'delete' FROM gone ORDER BY id
"""
_LOG_UPSERTS = """
    INSERT INTO changes (claim_id, op)
    SELECT id, 'upsert' FROM unnest(%s::bigint[]) WITH ORDINALITY AS t (id, n) ORDER BY n
"""


async def migrate(conn: Conn) -> None:
    """Apply missing migrations; replicas starting together wait for the first one."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute(SCHEMA_MIGRATIONS_TABLE)
        cursor = await conn.execute("SELECT version FROM schema_migrations")
        applied = {row[0] for row in await cursor.fetchall()}
        for migration in pending_migrations(applied, MIGRATIONS):
            for statement in migration.statements:
                await conn.execute(statement)
            await conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )


@asynccontextmanager
async def transaction(conn: Conn) -> AsyncIterator[None]:
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (FEED_LOCK,))
        yield
        await conn.execute("SELECT pg_notify(%s, '')", (CHANGES_CHANNEL,))


async def put_reports(conn: Conn, reports: Sequence[NewReport], now: str) -> list[PutResult]:
    results: list[PutResult] = []
    async with transaction(conn):
        while len(results) < len(reports):
            pending = reports[len(results) :]
            placements = plan_round(pending, await _stored_candidates(conn, pending))
            results.extend(await _write_round(conn, placements, now))
    return results


async def delete_report(conn: Conn, report_id: int) -> bool:
    async with transaction(conn):
        await conn.execute(_DELETE_REPORT_CLAIMS, ([report_id],))
        cursor = await conn.execute("DELETE FROM reports WHERE id = %s", (report_id,))
        return cursor.rowcount > 0


async def put_claim(conn: Conn, claim: NewClaim, now: str) -> ClaimRecord:
    async with transaction(conn):
        [claim_id] = await _allocate_ids(conn, "claims", 1)
        values = claim_values(claim, claim_id=claim_id, report_id=None, report=None, created_at=now)
        await conn.execute(
            f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) "
            f"VALUES ({', '.join('%s' for _ in CLAIM_COLUMNS)})",
            values,
        )
        await conn.execute("INSERT INTO changes (claim_id, op) VALUES (%s, 'upsert')", (claim_id,))
    return claim_from_values(values, claim.analysis, claim.rating, now)


async def replace_analyses(conn: Conn, analyses: Sequence[tuple[int, str]]) -> int:
    replaced = 0
    async with transaction(conn), conn.cursor() as cursor:
        for claim_id, analysis in analyses:
            await cursor.execute(
                "UPDATE claims SET analysis = %s WHERE id = %s", (analysis, claim_id)
            )
            replaced += cursor.rowcount
    return replaced


async def delete_claim(conn: Conn, claim_id: int, now: str) -> bool:
    async with transaction(conn):
        cursor = await conn.execute(
            "DELETE FROM claims WHERE id = %s RETURNING report_id", (claim_id,)
        )
        row = await cursor.fetchone()
        if row is None:
            return False
        await conn.execute("INSERT INTO changes (claim_id, op) VALUES (%s, 'delete')", (claim_id,))
        await conn.execute(
            "UPDATE reports SET claim_count = claim_count - 1, updated_at = %s WHERE id = %s",
            (now, row[0]),
        )
    return True


async def _stored_candidates(conn: Conn, pending: Sequence[NewReport]) -> list[StoredReport]:
    external_ids, content_hashes = lookup_keys(pending)
    cursor = await conn.execute(_STORED_CANDIDATES, (external_ids, content_hashes))
    return [
        StoredReport(id=r[0], external_id=r[1], content_hash=r[2], source=r[3], created_at=r[4])
        for r in await cursor.fetchall()
    ]


async def _write_round(conn: Conn, placements: Sequence[Placement], now: str) -> list[PutResult]:
    replaced_ids = [p.replaces.id for p in placements if p.replaces is not None]
    if replaced_ids:
        await conn.execute(_DELETE_REPORT_CLAIMS, (replaced_ids,))
    rows = round_rows(
        placements,
        now=now,
        report_ids=await _allocate_ids(conn, "reports", len(placements) - len(replaced_ids)),
        claim_ids=await _allocate_ids(
            conn, "claims", sum(len(p.report.claims) for p in placements)
        ),
    )
    async with conn.cursor() as cursor:
        if rows.report_updates:
            await cursor.executemany(_UPDATE_REPORT, rows.report_updates)
        # COPY: several times faster than INSERT for the thousands of rows of a bulk ingest.
        for statement, table_rows in (
            (_COPY_REPORTS, rows.report_inserts),
            (_COPY_CLAIMS, rows.claim_inserts),
        ):
            if table_rows:
                async with cursor.copy(statement) as copy:
                    for row in table_rows:
                        await copy.write_row(row)
        if rows.claim_inserts:
            await cursor.execute(_LOG_UPSERTS, ([row[0] for row in rows.claim_inserts],))
    return rows.results


async def _allocate_ids(conn: Conn, table: str, count: int) -> list[int]:
    """`count` fresh ids from the identity sequence of `table`, ascending."""
    if count == 0:
        return []
    cursor = await conn.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        (table, count),
    )
    return sorted(row[0] for row in await cursor.fetchall())


async def signing_key(conn: Conn, purpose: str, candidate: bytes) -> bytes:
    """The stored key for `purpose`, `candidate` when there was none yet. Each statement is
    its own transaction (autocommit): the insert either wins or sees the winner's row."""
    await conn.execute(
        "INSERT INTO store_keys (purpose, key) VALUES (%s, %s) ON CONFLICT (purpose) DO NOTHING",
        (purpose, candidate),
    )
    cursor = await conn.execute("SELECT key FROM store_keys WHERE purpose = %s", (purpose,))
    row = await cursor.fetchone()
    assert row is not None  # inserted above, or already there; keys are never deleted
    return bytes(row[0])
