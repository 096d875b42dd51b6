"""A database outage: requests answer 503 problem+json, the service recovers by itself when the
database is back, and no write it acknowledged is lost."""

import asyncio
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.pg import set_connections_allowed, terminate_sessions

pytestmark = pytest.mark.postgres

Client = AsyncTestClient[Any]


def report(n: int) -> dict[str, Any]:
    return {
        "text": f"Inspectors counted {1000 + n} damaged homes in district {n} on Tuesday.",
        "external_id": f"outage-{n}",
    }


async def test_an_outage_answers_503_then_recovers_with_no_acknowledged_write_lost(
    replica_settings: Settings, shared_database: str
) -> None:
    acknowledged: set[str] = set()
    async with AsyncTestClient(
        base_url="http://127.0.0.1", app=create_app(replica_settings)
    ) as client:
        for n in range(5):
            response = await client.post("/v1/reports", json=report(n))
            assert response.status_code == 201
            acknowledged.add(report(n)["external_id"])

        set_connections_allowed(shared_database, False)
        try:
            assert terminate_sessions(shared_database) >= 1
            statuses = []
            for n in range(5, 7):
                response = await client.post("/v1/reports", json=report(n))
                statuses.append(response.status_code)
                if response.status_code in {200, 201}:
                    acknowledged.add(report(n)["external_id"])
                else:
                    assert response.headers["content-type"].startswith("application/problem+json")
                    assert response.headers["retry-after"]
            assert 503 in statuses
            listing = await client.get("/v1/reports")
            assert listing.status_code == 503
            assert listing.json()["status"] == 503
            assert (await client.get("/ready")).status_code == 503
            assert (await client.get("/health")).status_code == 200
        finally:
            set_connections_allowed(shared_database, True)

        for _ in range(100):
            if (await client.get("/ready")).status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert (await client.get("/ready")).status_code == 200

        after = await client.post("/v1/reports", json=report(99))
        assert after.status_code == 201
        acknowledged.add(report(99)["external_id"])

        stored = (await client.get("/v1/reports", params={"limit": 100})).json()["items"]
        assert acknowledged <= {r["external_id"] for r in stored}
        check = await client.post(
            "/v1/check", json={"statement": "Inspectors counted 1003 damaged homes in district 3"}
        )
        assert check.status_code == 200
        assert check.json()["matches"]
