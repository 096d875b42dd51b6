"""What only the PostgreSQL backend does: replicas sharing a database, NOTIFY, lost sessions."""

import asyncio
import time

import psycopg
import pytest

from service.errors import StoreUnavailable
from service.store.postgres import store as postgres
from service.store.postgres.schema import MIGRATIONS
from service.store.postgres.store import PostgresStore
from tests.pg import create_database, drop_database
from tests.store.conftest import new_report, open_postgres, truncate
from tests.store.waiting import NEVER, WAKE_DEADLINE, waiting_for_change, woken

pytestmark = pytest.mark.postgres

# Waiters in these tests never poll before the test's deadline: only a notification (or the
# listener's wake-up when it reconnects) can wake them in time.
NO_POLLING = NEVER


@pytest.fixture(autouse=True)
def no_polling_while_listening(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "_POLL_WHILE_LISTENING", NEVER)


async def listening(store: PostgresStore) -> None:
    """Poll until the store's change listener has its session."""
    deadline = time.monotonic() + WAKE_DEADLINE
    while not store._listener.listening:
        assert time.monotonic() < deadline, "the change listener never connected"
        await asyncio.sleep(0.01)


@pytest.fixture
async def database(postgres_url: str) -> str:
    """The session database, migrated and empty."""
    store = await open_postgres(postgres_url)
    await store.close()
    await truncate(postgres_url)
    return postgres_url


async def terminate_sessions(url: str, store: PostgresStore) -> int:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        cursor = await conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s",
            (store.application_name,),
        )
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def test_two_stores_on_one_database_see_each_others_writes(database: str) -> None:
    first, second = await open_postgres(database), await open_postgres(database)
    try:
        [written] = await first.put_reports([new_report("shared", claims=2)])

        assert await second.get_report(written.report.id) == written.report
        assert await second.revision() == 2
        assert await second.delete_report(written.report.id) is True
        assert await first.get_report(written.report.id) is None
    finally:
        await first.close()
        await second.close()


async def test_replicas_asking_for_a_new_key_at_once_all_get_the_same_one(database: str) -> None:
    stores = [await open_postgres(database) for _ in range(4)]
    try:
        # A new purpose: no key yet, so each replica races to insert its own candidate.
        keys = await asyncio.gather(*(store.signing_key("race") for store in stores))
        assert len(set(keys)) == 1
        again = await open_postgres(database)
        assert await again.signing_key("race") == keys[0]
        await again.close()
    finally:
        await asyncio.gather(*(store.close() for store in stores))


async def test_a_write_through_one_store_wakes_the_other_by_notification(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = await open_postgres(database)
    watcher = await open_postgres(database, poll_interval=NO_POLLING)
    try:
        waiting = await waiting_for_change(watcher, 0, monkeypatch)
        await writer.put_reports([new_report("notified", claims=3)])

        assert await woken(waiting) == 3
    finally:
        await writer.close()
        await watcher.close()


async def test_stores_opened_at_once_on_a_new_database_migrate_it_once() -> None:
    url = create_database("factcheck_migrate")
    try:
        stores = await asyncio.gather(*(open_postgres(url) for _ in range(4)))
        ready = [await store.ready() for store in stores]
        await asyncio.gather(*(store.close() for store in stores))

        async with await psycopg.AsyncConnection.connect(url) as conn:
            cursor = await conn.execute("SELECT version FROM schema_migrations")
            versions = [row[0] for row in await cursor.fetchall()]
        assert ready == [True] * 4
        assert sorted(versions) == [m.version for m in MIGRATIONS]
    finally:
        drop_database(url)


async def test_the_store_recovers_by_itself_after_its_sessions_are_terminated(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = await open_postgres(database, poll_interval=NO_POLLING)
    try:
        [before] = await store.put_reports([new_report("before", claims=1)])
        await listening(store)

        assert await terminate_sessions(database, store) >= 2  # pool and listener

        # A read that meets a dead session is retried once on a live one.
        assert await store.get_report(before.report.id) == before.report
        [after] = await store.put_reports([new_report("after", claims=1)])
        assert await store.count_reports() == 2

        # Whether the listener has reconnected yet or not, the change wakes the waiter: by its
        # notification, or by the wake-up a reconnected listener gives for what it missed.
        waiting = await waiting_for_change(store, await store.revision(), monkeypatch)
        other = await open_postgres(database)
        await other.delete_report(after.report.id)
        await other.close()

        assert await woken(waiting) == 3
    finally:
        await store.close()


async def test_a_write_on_a_terminated_session_fails_as_unavailable_then_works(
    database: str,
) -> None:
    store = await open_postgres(database)
    try:
        await store.put_reports([new_report("first")])
        await terminate_sessions(database, store)

        outcomes: list[str] = []
        for attempt in range(2):
            try:
                await store.put_reports([new_report(f"after {attempt}")])
                outcomes.append("ok")
            except StoreUnavailable:
                outcomes.append("unavailable")

        assert outcomes[-1] == "ok"
        assert await store.count_reports() == 1 + outcomes.count("ok")
    finally:
        await store.close()


async def test_an_unreachable_server_is_reported_as_unavailable() -> None:
    store = PostgresStore("postgresql://postgres@127.0.0.1:1/none", pool_timeout=0.5)

    with pytest.raises(StoreUnavailable, match="cannot connect"):
        await store.open()
    assert await store.ready() is False


async def test_concurrent_writers_commit_revisions_in_order(database: str) -> None:
    first, second = await open_postgres(database), await open_postgres(database)
    try:
        batches = [
            (first if n % 2 else second).put_reports([new_report(f"w{n}.{i}") for i in range(5)])
            for n in range(12)
        ]
        results = await asyncio.gather(*batches)
        changes = await first.changes_since(0)

        written = sorted(c.id for batch in results for r in batch for c in r.claims)
        assert sorted(c.claim_id for c in changes) == written
        assert [c.revision for c in changes] == list(range(1, len(written) + 1))
    finally:
        await first.close()
        await second.close()
