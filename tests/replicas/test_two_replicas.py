"""Replicas on one PostgreSQL stay consistent: what one ingests or deletes, the other matches,
or stops matching, within one second; its background follower applies the change by itself."""

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings

pytestmark = pytest.mark.postgres

Client = AsyncTestClient[Any]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REPORT = {
    "text": "The port authority said 7,300 containers were unloaded at Example Harbour in May.",
    "source": "Harbour Gazette",
    "external_id": "harbour-1",
}
STATEMENT = "7,300 containers were unloaded at Example Harbour in May"


async def wait_until(condition: Any, limit: float) -> float:
    """Seconds until `await condition()` is true; fails after `limit` seconds."""
    started = time.monotonic()
    while not await condition():
        if time.monotonic() - started > limit:
            pytest.fail(f"not within {limit} s")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def matched_ids(client: Client) -> list[int]:
    body = (await client.post("/v1/check", json={"statement": STATEMENT})).json()
    return [m["claim"]["id"] for m in body["matches"]]


async def test_a_report_ingested_through_one_replica_is_matched_by_the_other(
    replica_settings: Settings,
) -> None:
    async with (
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(replica_settings)) as a,
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(replica_settings)) as b,
    ):
        created = (await a.post("/v1/reports", json=REPORT)).json()
        claim_ids = {c["id"] for c in created["claims"]}

        async def b_matches() -> bool:
            return bool(claim_ids & set(await matched_ids(b)))

        assert await wait_until(b_matches, limit=1.0) < 1.0

        assert (await a.delete(f"/v1/reports/{created['id']}")).status_code == 204

        async def b_forgot() -> bool:
            return not claim_ids & set(await matched_ids(b))

        assert await wait_until(b_forgot, limit=1.0) < 1.0


async def test_the_other_replica_follows_the_change_feed_without_being_asked(
    replica_settings: Settings,
) -> None:
    async with (
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(replica_settings)) as a,
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(replica_settings)) as b,
    ):
        before = (await b.get("/ready")).json()["index_revision"]
        await a.post("/v1/reports", json=REPORT)
        store_revision = (await a.get("/ready")).json()["store_revision"]
        assert store_revision > before

        async def b_indexed() -> bool:
            # /ready reads the index as the follower left it: no catch-up on this path.
            ready = (await b.get("/ready")).json()
            return bool(ready["index_revision"] >= store_revision)

        assert await wait_until(b_indexed, limit=1.0) < 1.0
        assert (await b.get("/ready")).json()["claims_indexed"] >= 1


async def test_replicas_started_together_migrate_once_and_seed_once(shared_database: str) -> None:
    settings = Settings(database_url=shared_database, seeds_dir=str(SEEDS))
    async with (
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as a,
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as b,
    ):
        reports_a = (await a.get("/v1/reports")).json()["items"]
        reports_b = (await b.get("/v1/reports")).json()["items"]
        assert len(reports_a) == 5
        assert reports_a == reports_b


async def test_a_page_cursor_from_one_replica_pages_on_the_other(
    replica_settings: Settings,
) -> None:
    """Cursors are signed with the store's key, not a process's: behind a load balancer the
    next page may be asked of the other replica."""
    async with (
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(replica_settings)) as a,
        AsyncTestClient(base_url="http://127.0.0.1", app=create_app(replica_settings)) as b,
    ):
        reports = [{**REPORT, "external_id": f"harbour-{n}"} for n in range(3)]
        assert (await a.post("/v1/reports/bulk", json=reports)).status_code == 200
        first = (await a.get("/v1/reports", params={"limit": 2})).json()
        rest = await b.get("/v1/reports", params={"limit": 2, "cursor": first["next_cursor"]})
        assert rest.status_code == 200
        ids = [r["id"] for r in first["items"] + rest.json()["items"]]
        assert len(ids) == 3
        assert ids == sorted(ids)
