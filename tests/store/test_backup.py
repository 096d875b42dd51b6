"""Backups taken while the store serves: every backend writes a copy that restores to the same
reports and claims, and refuses to overwrite a file."""

import asyncio
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest

from service.errors import StoreError
from service.store.base import Store
from service.store.sqlite.store import SqliteStore
from tests.pg import create_database, drop_database
from tests.store.conftest import new_report, open_postgres, truncate


async def fill(store: Store) -> tuple[int, int]:
    await store.put_reports([new_report(f"Report {n} on 40 ships", claims=3) for n in range(4)])
    return await store.count_reports(), await store.count_claims()


async def test_a_backup_is_written_and_never_overwrites(store: Store, tmp_path: Path) -> None:
    await fill(store)
    target = tmp_path / "backup.copy"
    await store.backup(str(target))
    assert target.stat().st_size > 0
    with pytest.raises(StoreError, match="already exists"):
        await store.backup(str(target))


async def test_a_sqlite_backup_opens_whole_with_every_claim(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path}/live.db")
    await store.open()
    try:
        reports, claims = await fill(store)
        target = tmp_path / "backup.db"
        await store.backup(str(target))
        # Writes after the backup are not in it: it is one snapshot.
        await store.put_reports([new_report("A later report on 7 ports")])
    finally:
        await store.close()
    assert sqlite_counts(target) == ("ok", reports, claims)


def sqlite_counts(path: Path) -> tuple[str, int, int]:
    assert not Path(f"{path}-wal").exists()  # a whole database, nothing beside it
    with sqlite3.connect(path) as copy:
        (integrity,) = copy.execute("PRAGMA integrity_check").fetchone()
        (reports,) = copy.execute("SELECT count(*) FROM reports").fetchone()
        (claims,) = copy.execute("SELECT count(*) FROM claims").fetchone()
    return integrity, reports, claims


def restored_counts(dump: Path) -> tuple[int, int]:
    """Restore a pg_dump archive into a new database; its report and claim counts."""
    restored = create_database("factcheck_restore")
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)],
            check=True,
            capture_output=True,
        )
        with psycopg.connect(restored) as conn:
            (reports,) = conn.execute("SELECT count(*) FROM reports").fetchone() or (0,)
            (claims,) = conn.execute("SELECT count(*) FROM claims").fetchone() or (0,)
        return reports, claims
    finally:
        drop_database(restored)


@pytest.mark.postgres
async def test_a_postgres_backup_restores_into_a_new_database(
    postgres_url: str, tmp_path: Path
) -> None:
    store = await open_postgres(postgres_url)
    await truncate(postgres_url)
    try:
        reports, claims = await fill(store)
        target = tmp_path / "backup.dump"
        await store.backup(str(target))
    finally:
        await store.close()
    assert await asyncio.to_thread(restored_counts, target) == (reports, claims)
