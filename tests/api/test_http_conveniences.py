"""HTTP conventions an integrator expects: ETag and 304, Link rel="next", Location on 201,
gzip for large answers, and updated_since to poll for changes."""

import gzip
import re

from litestar.testing import AsyncTestClient

REPORT = {"text": "Officials said 40 ships docked at the port on Monday."}


async def test_a_get_has_an_etag_and_the_same_answer_again_is_a_304(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    first = await client.get("/v1/reports/1")
    tag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag)
    again = await client.get("/v1/reports/1", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    other = await client.get("/v1/reports/1", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200
    await client.post("/v1/reports", json={**REPORT, "external_id": "changes-the-list"})
    changed = await client.get("/v1/reports", headers={"If-None-Match": tag})
    assert changed.status_code == 200


async def test_lists_link_to_their_next_page(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    seen: list[int] = []
    url = "/v1/reports?limit=2"
    while True:
        page = await client.get(url)
        seen += [item["id"] for item in page.json()["items"]]
        link = page.headers.get("link")
        if link is None:
            assert "next_cursor" not in page.json()
            break
        match = re.fullmatch(r'<([^>]+)>; rel="next"', link)
        assert match is not None
        assert "limit=2" in match.group(1)
        url = match.group(1)
    assert seen == [1, 2, 3, 4, 5]
    claims = await client.get("/v1/claims", params={"limit": 1, "report_id": 3})
    assert "report_id=3" in claims.headers["link"]


async def test_a_201_says_where_the_new_resource_is(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    created = await client.post("/v1/reports", json=REPORT)
    assert created.status_code == 201
    location = created.headers["location"]
    assert location == f"/v1/reports/{created.json()['id']}"
    assert (await client.get(location)).json()["text"] == REPORT["text"]
    replaced = await client.post("/v1/reports", json=REPORT)
    assert replaced.status_code == 200
    claim = await client.post("/v1/claims", json={"text": "North Korea sent 12,000 soldiers."})
    assert claim.headers["location"] == f"/v1/claims/{claim.json()['id']}"


async def test_large_answers_are_gzipped_for_clients_that_accept_it(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    packed = await client.get("/v1/reports/3", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    plain = await client.get("/v1/reports/3", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert packed.json() == plain.json()
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    small = await client.get("/ready", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    assert gzip.decompress(gzip.compress(b"x")) == b"x"


async def test_updated_since_lists_only_reports_stored_since(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    everything = (await client.get("/v1/reports")).json()["items"]
    latest = max(item["updated_at"] for item in everything)
    assert (await client.get("/v1/reports", params={"updated_since": "2000-01-01"})).json()[
        "items"
    ] == everything
    after = (await client.get("/v1/reports", params={"updated_since": "2999-01-01"})).json()
    assert after["items"] == []
    newest = (await client.get("/v1/reports", params={"updated_since": latest})).json()["items"]
    assert newest
    assert [item["updated_at"] for item in newest] == [
        item["updated_at"] for item in everything if item["updated_at"] == latest
    ]
    bad = await client.get("/v1/reports", params={"updated_since": "last week"})
    assert bad.status_code == 422
    assert "a date such as 2024-10-18" in bad.json()["detail"]


async def test_updated_since_lists_only_claims_stored_since(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    seeded = (await client.get("/v1/claims", params={"limit": 100})).json()["items"]
    latest = max(item["created_at"] for item in seeded)
    everything = await client.get(
        "/v1/claims", params={"limit": 100, "updated_since": "2000-01-01"}
    )
    assert everything.json()["items"] == seeded
    newest = await client.get("/v1/claims", params={"limit": 100, "updated_since": latest})
    assert [c["id"] for c in newest.json()["items"]] == [
        c["id"] for c in seeded if c["created_at"] == latest
    ]
    posted = (await client.post("/v1/claims", json={"text": "Pyongyang sent 3,000 more."})).json()
    since_post = await client.get("/v1/claims", params={"updated_since": posted["created_at"]})
    assert [c["id"] for c in since_post.json()["items"]] == [posted["id"]]
    later = await client.get("/v1/claims", params={"updated_since": "2999-01-01T00:00:00+09:00"})
    assert later.json()["items"] == []
    bad = await client.get("/v1/claims", params={"updated_since": "last week"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "updated_since"
    assert "a date such as 2024-10-18" in bad.json()["detail"]
