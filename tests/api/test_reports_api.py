"""POST/GET/DELETE /v1/reports: ingest, replace, list with cursors, delete with claims."""

from typing import Any

from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]

REPORT = {
    "text": "Ministry says 4,200 households lost power after the storm on Tuesday.\n"
    "Engineers restored supply to 3,100 of them by Wednesday evening, the utility said.",
    "title": "Storm cuts power",
    "source": "Example Gazette",
    "url": "https://example.org/storm",
    "published_at": "2024-03-06",
    "external_id": "storm-1",
}


async def test_a_new_report_is_created_with_claims_and_spans(empty_client: Client) -> None:
    response = await empty_client.post("/v1/reports", json=REPORT)
    assert response.status_code == 201
    body = response.json()
    assert body["replaced"] is False if "replaced" in body else True
    assert body["title"] == "Storm cuts power"
    assert body["claims"], "the figure sentences are claims"
    for claim in body["claims"]:
        start, end = claim["span"]["start"], claim["span"]["end"]
        assert REPORT["text"][start:end] == claim["text"]
        assert claim["report_id"] == body["id"]
    figures = {q["value"] for c in body["claims"] for q in c["analysis"].get("quantities", [])}
    assert {4200, 3100} <= figures


async def test_reposting_the_same_external_id_replaces_and_says_so(empty_client: Client) -> None:
    first = (await empty_client.post("/v1/reports", json=REPORT)).json()
    changed = {**REPORT, "text": REPORT["text"].replace("4,200", "4,500")}
    second = await empty_client.post("/v1/reports", json=changed)
    assert second.status_code == 200
    assert second.json()["replaced"] is True
    assert second.json()["id"] == first["id"]
    listing = (await empty_client.get("/v1/reports")).json()
    assert len(listing["items"]) == 1
    claims = (await empty_client.get("/v1/claims", params={"report_id": first["id"]})).json()
    assert any("4,500" in c["text"] for c in claims["items"])
    assert not any("4,200" in c["text"] for c in claims["items"])


async def test_identical_text_and_source_without_external_id_replaces(empty_client: Client) -> None:
    report = {k: v for k, v in REPORT.items() if k != "external_id"}
    first = await empty_client.post("/v1/reports", json=report)
    second = await empty_client.post("/v1/reports", json=report)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["replaced"] is True
    other_source = await empty_client.post("/v1/reports", json={**report, "source": "Other"})
    assert other_source.status_code == 201


async def test_reports_are_listed_in_pages_with_a_cursor(empty_client: Client) -> None:
    for n in range(5):
        text = f"Officials counted {n + 10} ships in the harbour of Example City on Monday."
        assert (await empty_client.post("/v1/reports", json={"text": text})).status_code == 201
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await empty_client.get("/v1/reports", params=params)).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page.get("next_cursor")
        if cursor is None:
            break
    assert len(seen) == 5
    assert seen == sorted(seen)


async def test_a_report_is_read_with_its_claims(empty_client: Client) -> None:
    created = (await empty_client.post("/v1/reports", json=REPORT)).json()
    read = await empty_client.get(f"/v1/reports/{created['id']}")
    assert read.status_code == 200
    assert read.json()["text"] == REPORT["text"]
    assert [c["id"] for c in read.json()["claims"]] == [c["id"] for c in created["claims"]]


async def test_deleting_a_report_deletes_its_claims(empty_client: Client) -> None:
    created = (await empty_client.post("/v1/reports", json=REPORT)).json()
    claim_id = created["claims"][0]["id"]
    assert (await empty_client.delete(f"/v1/reports/{created['id']}")).status_code == 204
    assert (await empty_client.get(f"/v1/reports/{created['id']}")).status_code == 404
    assert (await empty_client.get(f"/v1/claims/{claim_id}")).status_code == 404
    assert (await empty_client.delete(f"/v1/reports/{created['id']}")).status_code == 404


async def test_an_impossible_date_is_refused_naming_the_field(empty_client: Client) -> None:
    response = await empty_client.post("/v1/reports", json={**REPORT, "published_at": "2024-02-30"})
    assert response.status_code == 422
    assert response.json()["field"] == "published_at"
    assert (await empty_client.get("/v1/reports")).json()["items"] == []
