"""/v1/claims: single claims from other apps, listing with filters, read and delete."""

from typing import Any

from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]


async def test_a_posted_claim_is_stored_and_analysed(empty_client: Client) -> None:
    response = await empty_client.post(
        "/v1/claims",
        json={
            "text": "The agency says about 2,000 soldiers crossed the border in May.",
            "source": "Wire",
            "claimant": "the agency",
            "published_at": "2024-06-01",
        },
    )
    assert response.status_code == 201
    claim = response.json()
    assert "report_id" not in claim
    quantities = claim["analysis"]["quantities"]
    assert quantities[0]["value"] == 2000
    assert quantities[0]["qualifier"] == "about"
    read = await empty_client.get(f"/v1/claims/{claim['id']}")
    assert read.json()["text"] == claim["text"]


async def test_claims_are_filtered_by_report_source_and_date(client: Client) -> None:
    reports = (await client.get("/v1/reports")).json()["items"]
    nation_press = next(r for r in reports if r.get("source") == "NationPress")
    by_report = (await client.get("/v1/claims", params={"report_id": nation_press["id"]})).json()
    assert by_report["items"]
    assert all(c["report_id"] == nation_press["id"] for c in by_report["items"])
    by_source = (await client.get("/v1/claims", params={"source": "FRIDAY DIGITAL"})).json()
    assert by_source["items"]
    assert all(c["source"] == "FRIDAY DIGITAL" for c in by_source["items"])
    recent = (await client.get("/v1/claims", params={"since": "2025-01-01", "limit": 500})).json()
    assert recent["items"]
    assert all(c["published_at"] >= "2025-01-01" for c in recent["items"])


async def test_a_deleted_claim_is_gone(empty_client: Client) -> None:
    claim = (await empty_client.post("/v1/claims", json={"text": "Rates rose to 5%."})).json()
    assert (await empty_client.delete(f"/v1/claims/{claim['id']}")).status_code == 204
    assert (await empty_client.get(f"/v1/claims/{claim['id']}")).status_code == 404


async def test_claims_from_all_five_seeds_carry_report_and_span(client: Client) -> None:
    claims = (await client.get("/v1/claims", params={"limit": 500})).json()["items"]
    reports = {r["id"]: r for r in (await client.get("/v1/reports")).json()["items"]}
    assert len(reports) == 5
    assert {c["report_id"] for c in claims} == set(reports)
    texts = {i: (await client.get(f"/v1/reports/{i}")).json()["text"] for i in reports}
    for claim in claims:
        span = claim["span"]
        assert texts[claim["report_id"]][span["start"] : span["end"]] == claim["text"]
