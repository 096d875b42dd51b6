"""What only the SQLite backend does: file settings, URLs, durability, other writers."""

import sqlite3
from pathlib import Path

import pytest

from service.errors import InvalidInput, StoreError, StoreUnavailable
from service.store.codec import Migration
from service.store.sqlite import store as sqlite_store
from service.store.sqlite import writes as sqlite_writes
from service.store.sqlite.connections import sqlite_path, translate_error
from service.store.sqlite.schema import MIGRATIONS
from service.store.sqlite.store import SqliteStore
from tests.store.conftest import new_claim, new_report
from tests.store.waiting import waiting_for_change, woken


async def opened(url: str, *, poll_interval: float = 0.5) -> SqliteStore:
    store = SqliteStore(url, poll_interval=poll_interval)
    await store.open()
    return store


async def test_file_database_uses_wal_full_sync_foreign_keys_and_a_busy_timeout(
    tmp_path: Path,
) -> None:
    store = await opened(f"sqlite:///{tmp_path}/x.db")
    try:
        assert await store.pragma("journal_mode") == "wal"
        assert await store.pragma("synchronous") == 2
        assert await store.pragma("foreign_keys") == 1
        assert await store.pragma("busy_timeout") == 5000
    finally:
        await store.close()


async def test_synchronous_normal_is_honoured(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path}/x.db", synchronous="normal")
    await store.open()
    try:
        assert await store.pragma("synchronous") == 1
    finally:
        await store.close()


async def test_pragma_names_are_checked(tmp_path: Path) -> None:
    store = await opened(f"sqlite:///{tmp_path}/x.db")
    try:
        with pytest.raises(ValueError, match="PRAGMA"):
            await store.pragma("synchronous = OFF")
    finally:
        await store.close()


async def test_file_database_survives_close_and_reopen(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/durable.db"
    first = await opened(url)
    [result] = await first.put_reports([new_report("kept", claims=3)])
    await first.close()

    second = await opened(url)
    try:
        assert await second.get_report(result.report.id) == result.report
        assert await second.report_claims(result.report.id) == result.claims
        assert await second.revision() == 3
    finally:
        await second.close()


async def test_ids_are_never_reused_after_the_newest_row_is_deleted(tmp_path: Path) -> None:
    store = await opened(f"sqlite:///{tmp_path}/x.db")
    try:
        [first] = await store.put_reports([new_report("one", claims=2)])
        await store.delete_report(first.report.id)
        [second] = await store.put_reports([new_report("two", claims=2)])
        lone = await store.put_claim(new_claim("lone"))

        assert second.report.id > first.report.id
        assert min(c.id for c in second.claims) > max(c.id for c in first.claims)
        assert lone.id > max(c.id for c in second.claims)
    finally:
        await store.close()


async def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.db"
    store = await opened(f"sqlite:///{path}")
    await store.close()

    assert path.is_file()


async def test_relative_url_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = await opened("sqlite:///data/rel.db")
    await store.close()

    assert (tmp_path / "data" / "rel.db").is_file()


async def test_opening_twice_applies_the_migrations_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    first, second = await opened(url), await opened(url)
    await first.close()
    await second.close()

    with sqlite3.connect(tmp_path / "x.db") as conn:
        rows = conn.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
    assert [version for version, _ in rows] == [m.version for m in MIGRATIONS]
    assert rows[0][1].endswith("Z")


async def test_a_migration_numbered_below_the_highest_applied_is_still_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Versions need not be contiguous: a branch's migration merged in later, with a number
    below the highest the file already has, is applied on the next open, and until then the
    store is not ready."""
    highest = max(m.version for m in MIGRATIONS)
    top = Migration(highest + 2, "applied first", ("CREATE TABLE top (x INTEGER)",))
    below = Migration(highest + 1, "merged later", ("CREATE TABLE below (x INTEGER)",))

    def use(migrations: tuple[Migration, ...]) -> None:
        monkeypatch.setattr(sqlite_writes, "MIGRATIONS", migrations)
        monkeypatch.setattr(
            sqlite_store, "KNOWN_VERSIONS", frozenset(m.version for m in migrations)
        )

    url = f"sqlite:///{tmp_path}/x.db"
    use((*MIGRATIONS, top))
    await (await opened(url)).close()
    use((*MIGRATIONS, below, top))

    unmigrated = SqliteStore(url)
    await unmigrated._db.open()  # connected, no migration applied yet
    assert await unmigrated.ready() is False
    await unmigrated.close()
    store = await opened(url)
    try:
        assert await store.ready() is True
    finally:
        await store.close()
    with sqlite3.connect(tmp_path / "x.db") as conn:
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations")]
        assert conn.execute("SELECT count(*) FROM below").fetchone() == (0,)
    assert sorted(versions) == [*(m.version for m in MIGRATIONS), below.version, top.version]


async def test_a_database_from_a_newer_service_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    await (await opened(url)).close()
    with sqlite3.connect(tmp_path / "x.db") as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")

    with pytest.raises(StoreError, match="version 99"):
        await opened(url)


async def test_writes_by_another_process_wake_waiters_by_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    writer, watcher = await opened(url), await opened(url, poll_interval=0.05)
    try:
        waiting = await waiting_for_change(watcher, 0, monkeypatch)
        await writer.put_reports([new_report("elsewhere", claims=2)])

        assert await woken(waiting) == 2
    finally:
        await writer.close()
        await watcher.close()


async def test_each_in_memory_store_is_its_own_database() -> None:
    first, second = await opened("sqlite:///:memory:"), await opened("sqlite:///:memory:")
    try:
        await first.put_reports([new_report("only in first")])

        assert await first.count_reports() == 1
        assert await second.count_reports() == 0
    finally:
        await first.close()
        await second.close()


async def test_calls_on_a_closed_store_raise_store_error(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path}/x.db")

    with pytest.raises(StoreError, match="not open"):
        await store.get_report(1)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///data/f.db", "data/f.db"),
        ("sqlite:////var/lib/f.db", "/var/lib/f.db"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_urls_name_a_relative_or_absolute_path_or_memory(url: str, path: str) -> None:
    assert sqlite_path(url) == path


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///", "sqlite://host/f.db", "sqlite:///f.db?x=1"]
)
def test_malformed_sqlite_urls_name_the_setting(url: str) -> None:
    with pytest.raises(InvalidInput, match="FACTCHECK_DATABASE_URL"):
        sqlite_path(url)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.OperationalError("database is locked"), StoreUnavailable),
        (sqlite3.OperationalError("unable to open database file"), StoreUnavailable),
        (sqlite3.OperationalError("disk I/O error"), StoreUnavailable),
        (sqlite3.OperationalError("no such table: claims"), StoreError),
        (sqlite3.IntegrityError("UNIQUE constraint failed"), StoreError),
    ],
)
def test_sqlite_errors_map_to_unavailable_only_when_retrying_may_help(
    error: sqlite3.Error, expected: type[Exception]
) -> None:
    assert type(translate_error(error)) is expected


async def test_a_database_path_under_a_file_fails_to_open_with_store_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "plain-file").write_text("not a folder")
    store = SqliteStore(f"sqlite:///{tmp_path}/plain-file/x.db")

    with pytest.raises(StoreError, match="folder"):
        await store.open()
    assert await store.ready() is False
