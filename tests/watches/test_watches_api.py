"""/v1/watches through the app: making, reading, listing, deleting, and events on ingest."""

import asyncio
import time
from typing import Any

from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Any]

WATCHED = "The NIS says that North Korea has decided to send around 10,000 troops to Russia."
CONFLICTING = (
    "Seoul's spy agency said on Monday that North Korea has decided to send around 15,000 "
    "troops to Russia, far more than first thought."
)


async def events_of(client: Client, watch_id: int, count: int, deadline: float = 30) -> list[Any]:
    """Poll until `count` events are listed (the scan runs in the background)."""
    until = time.monotonic() + deadline
    while True:
        response = await client.get(f"/v1/watches/{watch_id}/events")
        assert response.status_code == 200
        items: list[Any] = response.json()["items"]
        if len(items) >= count or time.monotonic() > until:
            return items
        await asyncio.sleep(0.05)


async def test_a_watch_records_what_it_already_matches_and_shows_its_secret_once(
    client: Client,
) -> None:
    made = await client.post(
        "/v1/watches", json={"statement": WATCHED, "callback_url": "https://example.org/hook"}
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["stances"] == ["conflicts"]
    assert [s["text"] for s in body["statements"]] == [WATCHED]
    assert any(m["stance"] == "supports" for m in body["matches"])  # the seed NIS report
    assert len(body["secret"]) >= 32

    read = (await client.get(f"/v1/watches/{body['id']}")).json()
    assert "secret" not in read
    assert read["matches"] == body["matches"]
    listed = (await client.get("/v1/watches", params={"limit": 1})).json()
    assert [w["id"] for w in listed["items"]] == [body["id"]]


async def test_a_text_watches_its_checkworthy_sentences(client: Client) -> None:
    text = f"{WATCHED} It was a sunny day. Around 1,500 soldiers were moved in the first phase."
    body = (await client.post("/v1/watches", json={"text": text})).json()

    texts = [s["text"] for s in body["statements"]]
    assert WATCHED in texts
    assert all("sunny" not in t for t in texts)
    first = body["statements"][0]["span"]
    assert text[first["start"] : first["end"]] == body["statements"][0]["text"]


async def test_a_conflicting_report_makes_one_event_with_match_and_verdict(
    client: Client,
) -> None:
    watch = (await client.post("/v1/watches", json={"statement": WATCHED})).json()
    posted = await client.post("/v1/reports", json={"text": CONFLICTING, "source": "Wire"})
    assert posted.status_code == 201

    [event] = await events_of(client, watch["id"], 1)
    assert event["type"] == "watch.match"
    assert event["status"] == "stream"  # no callback: listed and streamed only
    data = event["data"]
    assert data["watch_id"] == watch["id"]
    assert data["statement"]["text"] == WATCHED
    assert data["match"]["stance"] == "conflicts"
    assert "15,000" in data["match"]["claim"]["text"]
    assert data["match"]["report"]["source"] == "Wire"
    assert any(r["effect"] == "conflicts" for r in data["match"]["reasons"])
    assert data["verdict"] == "disputed"  # the seed supports it, the new report conflicts

    # The same report again (replaced, same claim text) and an unrelated one: no new event.
    await client.post("/v1/reports", json={"text": "Floods hit the coast of Chile on Tuesday."})
    await asyncio.sleep(0)
    assert len(await events_of(client, watch["id"], 2, deadline=2)) == 1


async def test_a_supporting_report_fires_only_watches_that_want_support(client: Client) -> None:
    conflicts = (await client.post("/v1/watches", json={"statement": WATCHED})).json()
    both = (
        await client.post(
            "/v1/watches", json={"statement": WATCHED, "stances": ["supports", "conflicts"]}
        )
    ).json()
    supporting = "North Korea has decided to send around 10,000 troops to Russia, officials said."
    await client.post("/v1/reports", json={"text": supporting, "source": "Agency"})

    [event] = await events_of(client, both["id"], 1)
    assert event["data"]["match"]["stance"] == "supports"
    assert await events_of(client, conflicts["id"], 1, deadline=1) == []


async def test_bad_watches_are_refused_with_problems(client: Client) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "statement"),
        ({"statement": WATCHED, "text": WATCHED}, "statement"),
        ({"statement": WATCHED, "callback_url": "http://example.org/h"}, "callback_url"),
        ({"statement": WATCHED, "callback_url": "https://127.0.0.1/h"}, "callback_url"),
        ({"statement": WATCHED, "callback_url": "https://10.1.2.3/h"}, "callback_url"),
        ({"statement": WATCHED, "callback_url": "https://[::1]/h"}, "callback_url"),
        ({"statement": WATCHED, "callback_url": "https://169.254.169.254/h"}, "callback_url"),
        ({"statement": WATCHED, "callback_url": "https://u:p@example.org/h"}, "callback_url"),
        ({"statement": WATCHED, "secret": "abcdefghijklmnopqrstu"}, "secret"),
    ]
    for body, field in cases:
        response = await client.post("/v1/watches", json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json().get("field") == field, (body, response.json())


async def test_a_text_without_checkworthy_sentences_watches_nothing(client: Client) -> None:
    made = await client.post("/v1/watches", json={"text": "It was a sunny day."})
    assert made.status_code == 201
    assert made.json()["statements"] == []


async def test_deleting_a_watch_stops_it(client: Client) -> None:
    watch = (await client.post("/v1/watches", json={"statement": WATCHED})).json()

    assert (await client.delete(f"/v1/watches/{watch['id']}")).status_code == 204
    assert (await client.get(f"/v1/watches/{watch['id']}")).status_code == 404
    assert (await client.delete(f"/v1/watches/{watch['id']}")).status_code == 404
    assert (await client.get(f"/v1/watches/{watch['id']}/events")).status_code == 404


async def test_bulk_ingest_and_claimreview_import_fire_watches_too(client: Client) -> None:
    watch = (
        await client.post(
            "/v1/watches", json={"statement": WATCHED, "stances": ["supports", "conflicts"]}
        )
    ).json()
    bulk = await client.post(
        "/v1/reports/bulk",
        json=[{"text": CONFLICTING, "source": "Bulk Wire"}, {"text": "Rain fell in Lima."}],
    )
    assert bulk.status_code == 200
    [from_bulk] = await events_of(client, watch["id"], 1)
    assert from_bulk["data"]["match"]["report"]["source"] == "Bulk Wire"

    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "North Korea has decided to send around 10,000 troops to Russia.",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "datePublished": "2024-10-20",
        "url": "https://factcheck.example/nk-10000",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "True",
            "ratingValue": 5,
            "bestRating": 5,
            "worstRating": 1,
        },
    }
    imported = await client.post("/v1/claimreviews", json=review)
    assert imported.status_code in {200, 201}, imported.text
    events = await events_of(client, watch["id"], 2)
    assert len(events) == 2
    assert events[1]["data"]["match"]["claim"]["rating"]["reviewer"] == "Example Fact Check"
