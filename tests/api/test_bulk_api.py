"""POST /v1/reports/bulk: JSON arrays and NDJSON, one result per item, in order."""

from typing import Any

import msgspec
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]


def _report(n: int) -> dict[str, Any]:
    return {
        "text": f"The council approved {n * 100 + 7} new homes for Example Town on Thursday.",
        "external_id": f"bulk-{n}",
        "source": "Example Post",
    }


async def test_bulk_reports_one_result_per_item_in_order(empty_client: Client) -> None:
    items = [_report(1), {"text": "   "}, _report(2), {"text": "x", "unknown": 1}, _report(3)]
    response = await empty_client.post("/v1/reports/bulk", json=items)
    assert response.status_code == 200
    body = response.json()
    assert body["errors"] is True
    assert [r["index"] for r in body["items"]] == [0, 1, 2, 3, 4]
    assert [r["status"] for r in body["items"]] == [201, 422, 201, 422, 201]
    assert body["items"][1]["error"]["field"] == "text"
    assert [r["report"]["external_id"] for r in body["items"] if r["status"] == 201] == [
        "bulk-1",
        "bulk-2",
        "bulk-3",
    ]
    listing = (await empty_client.get("/v1/reports")).json()
    assert len(listing["items"]) == 3


async def test_bulk_accepts_ndjson(empty_client: Client) -> None:
    lines = b"\n".join(msgspec.json.encode(_report(n)) for n in range(4)) + b"\nnot json\n"
    response = await empty_client.post(
        "/v1/reports/bulk", content=lines, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 200
    statuses = [r["status"] for r in response.json()["items"]]
    assert statuses == [201, 201, 201, 201, 400]


async def test_bulk_reposts_are_reported_as_replacements(empty_client: Client) -> None:
    await empty_client.post("/v1/reports/bulk", json=[_report(1)])
    again = (await empty_client.post("/v1/reports/bulk", json=[_report(1)])).json()
    assert again["errors"] is False
    assert again["items"][0]["status"] == 200
    assert again["items"][0]["replaced"] is True


async def test_bulk_limit_is_1000_items(empty_client: Client) -> None:
    tiny = {"text": "Officials said 5 boats sank."}
    at_limit = await empty_client.post("/v1/reports/bulk", json=[tiny] * 1000)
    assert at_limit.status_code == 200
    over = await empty_client.post("/v1/reports/bulk", json=[tiny] * 1001)
    assert over.status_code == 422
    assert over.headers["content-type"].startswith("application/problem+json")


async def test_bulk_body_must_be_an_array(empty_client: Client) -> None:
    response = await empty_client.post("/v1/reports/bulk", json={"text": "a report"})
    assert response.status_code == 422
    assert response.json()["field"] == "body"
