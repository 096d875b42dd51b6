"""POST /v1/check/batch: up to 100 statements, one result each, in order."""

from typing import Any

from litestar.testing import AsyncTestClient

from schemas.limits import MAX_BATCH_CHECKS

NIS = "North Korea sent 50,000 troops to Russia"


async def test_each_statement_gets_its_own_result_in_order(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    checks: list[dict[str, Any]] = [
        {"statement": NIS, "limit": 1},
        {"statement": "Tomatoes are red"},
        {"statement": NIS, "limit": 3, "sources": ["NationPress"]},
    ]
    response = await client.post("/v1/check/batch", json={"checks": checks})
    assert response.status_code == 200
    body = response.json()
    results = body["results"]
    assert [r["statement"] for r in results] == [c["statement"] for c in checks]
    single = (await client.post("/v1/check", json=checks[0])).json()
    assert results[0]["verdict"] == single["verdict"]
    assert len(results[0]["matches"]) == 1
    assert results[1]["verdict"] == "unverified"
    assert {m["report"].get("source") for m in results[2]["matches"]} <= {"NationPress"}
    assert body["index_revision"] >= max(r["index_revision"] for r in results)


async def test_more_than_a_hundred_statements_or_none_is_a_422_naming_the_field(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    too_many = [{"statement": f"statement {i}"} for i in range(MAX_BATCH_CHECKS + 1)]
    for checks in (too_many, []):
        response = await client.post("/v1/check/batch", json={"checks": checks})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["field"] == "checks"


async def test_one_bad_statement_names_its_index(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    checks = [{"statement": NIS}, {"statement": ""}]
    response = await client.post("/v1/check/batch", json={"checks": checks})
    assert response.status_code == 422
    assert "checks[1].statement" in response.json()["detail"]
