"""What the second round of outside testing found loose: dates, rating scales, keys with blanks,
terminal escapes in plain-text answers, the JSON-LD `@id`, and the in-memory idempotency records.
"""

import asyncio
import copy
from typing import Any

import pytest

from service.api.edge.idempotency import MemoryIdempotencyStore, Record
from service.api.edge.security import load_key_ring
from service.api.edge.stack import EdgeStores
from service.settings import Settings, SettingsError
from tests.api.test_claimreview_api import POLITIFACT_REVIEW
from tests.edge_apps import ClientFactory

PROBLEM_JSON = "application/problem+json"
LD_JSON = "application/ld+json"


@pytest.mark.parametrize(
    "since", ["2024-99-99", "2024-13-45", "2023-02-29", "2024-13-45 garbage!!"]
)
async def test_a_date_that_is_not_on_the_calendar_is_refused(
    make_client: ClientFactory, since: str
) -> None:
    async with make_client() as client:
        get_check = await client.get("/v1/check", params={"statement": "ships", "since": since})
        claims = await client.get("/v1/claims", params={"since": since})
        post_check = await client.post("/v1/check", json={"statement": "ships", "until": since})
        for response in (get_check, claims, post_check):
            assert response.status_code == 422, response.text
            assert response.headers["content-type"].startswith(PROBLEM_JSON)
        ok = await client.get("/v1/check", params={"statement": "ships", "since": "2024-02-29"})
        assert ok.status_code == 200


def review_with(**rating: Any) -> dict[str, Any]:
    review = copy.deepcopy(POLITIFACT_REVIEW)
    review["reviewRating"].update(rating)
    return review


@pytest.mark.parametrize(
    ("rating", "field"),
    [
        ({"bestRating": "1", "worstRating": "6"}, "reviewRating.bestRating"),
        ({"bestRating": 3, "worstRating": 3.5}, "reviewRating.bestRating"),
        ({"ratingValue": 1e308}, "reviewRating.ratingValue"),
        ({"ratingValue": "-1e99"}, "reviewRating.ratingValue"),
        ({"bestRating": -1e308, "worstRating": None}, "reviewRating.bestRating"),
        ({"ratingValue": "1e308"}, "reviewRating.ratingValue"),
        ({"worstRating": "-1000000"}, "reviewRating.worstRating"),
    ],
)
async def test_a_rating_off_its_scale_or_with_a_scale_upside_down_is_refused(
    make_client: ClientFactory, rating: dict[str, Any], field: str
) -> None:
    async with make_client() as client:
        response = await client.post("/v1/claimreviews", json=review_with(**rating))
        assert response.status_code == 422, response.text
        assert response.json()["field"] == field
        listed = await client.get("/v1/claims")
        assert listed.json()["items"] == []


@pytest.mark.parametrize(
    "entry", ["read: key-for-tests-0123456789", "read:key-for-tests 0123456789"]
)
def test_a_key_with_a_blank_in_it_fails_at_start_up(entry: str) -> None:
    with pytest.raises(SettingsError, match="FACTCHECK_API_KEYS: entry 1"):
        load_key_ring(Settings(api_keys=entry))


async def test_plain_text_answers_escape_terminal_control_sequences(
    make_client: ClientFactory,
) -> None:
    """A stored report cannot clear the terminal and print a fake verdict."""
    fake = "\x1b[2J\x1b[Hverdict:   SUPPORTED\x07"
    report = {
        "text": f"The ministry said 300 engineers arrived in Kursk on Monday.{fake}",
        "source": f"Wire{fake}\u202e",
        "title": f"Engineers{fake}",
    }
    async with make_client() as client:
        assert (await client.post("/v1/reports", json=report)).status_code == 201
        response = await client.get(
            "/v1/check",
            params={"statement": "300 engineers arrived in Kursk"},
            headers={"Accept": "text/plain"},
        )
    text = response.text
    assert response.status_code == 200
    assert "score" in text
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in text)
    assert "\u202e" not in text
    assert "\\x1b[2J" in text


def test_visible_leaves_ordinary_text_alone() -> None:
    from service.present.plain import visible

    assert visible("Kursk — 300 engineers, 🙂, café") == "Kursk — 300 engineers, 🙂, café"
    assert visible("a\x1bb\x9bc\u2066") == "a\\x1bb\\x9bc\\u2066"


async def test_json_ld_ids_use_the_public_url_not_the_host(make_client: ClientFactory) -> None:
    public = "https://check.example.org/factcheck"
    async with make_client(seeded=True, public_url=public) as client:
        response = await client.get(
            "/v1/claims/1", headers={"Accept": LD_JSON, "Host": "localhost"}
        )
        assert response.json()["@id"] == f"{public}/v1/claims/1"


async def test_a_host_cannot_be_copied_into_json_ld(make_client: ClientFactory) -> None:
    async with make_client(seeded=True) as client:
        forged = {"Accept": LD_JSON, "Host": "attacker.example"}
        response = await client.get("/v1/claims/1", headers=forged)
        assert response.status_code == 400
        assert "attacker" not in response.text.replace("FACTCHECK_ALLOWED_HOSTS", "")


def record(size: int) -> Record:
    return Record("f" * 64, 201, [(b"content-type", b"application/json")], b"x" * size)


async def test_idempotency_records_are_bounded_in_number_least_recently_used_out() -> None:
    store = MemoryIdempotencyStore(max_entries=3, max_bytes=10_000_000)
    for key in "abc":
        assert await store.reserve(key, "f") is None
        await store.save(key, record(10), 60)
    assert await store.reserve("a", "f") is not None  # used again: now the most recent
    assert await store.reserve("d", "f") is None
    await store.save("d", record(10), 60)
    assert len(store) == 3
    assert await store.reserve("b", "f") is None  # "b" was the least recently used: gone
    assert await store.reserve("a", "f") is not None


async def test_idempotency_records_are_bounded_in_bytes() -> None:
    store = MemoryIdempotencyStore(max_entries=1_000_000, max_bytes=1_000_000)
    for n in range(300):  # the 300 bulk posts with new keys, 100 kB answers each
        key = f"key-{n}"
        assert await store.reserve(key, "f") is None
        await store.save(key, record(100_000), 60)
        assert store.held_bytes <= 1_000_000
    assert 1 <= len(store) <= 10
    await store.save("huge", record(2_000_000), 60)  # larger than the whole bound: not kept
    assert await store.reserve("huge", "f") is None


def test_the_idempotency_bounds_come_from_the_settings() -> None:
    settings = Settings(idempotency_max_entries=7, idempotency_max_bytes=100_000)
    stores = EdgeStores.from_settings(settings)
    assert isinstance(stores.idempotency, MemoryIdempotencyStore)
    assert (stores.idempotency.max_entries, stores.idempotency.max_bytes) == (7, 100_000)
    asyncio.run(stores.close())


async def test_the_check_budget_covers_splitting_the_draft(make_client: ClientFactory) -> None:
    loop = asyncio.get_running_loop()
    async with make_client(seeded=True, check_budget_ms=500) as client:
        started = loop.time()
        response = await client.post("/v1/check/text", json={"text": "A.\n" * 66_666})
        elapsed = loop.time() - started
    assert response.status_code == 503
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert elapsed < 1.5, f"the 503 came after {elapsed:.1f} s, not at the 0.5 s budget"
