"""Idempotency-Key on POST writes: one write per key, the stored answer replayed, 422 on misuse."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from litestar import Litestar, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from service.api.edge.idempotency import (
    IdempotencyMiddleware,
    MemoryIdempotencyStore,
    Record,
    RedisIdempotencyStore,
)
from tests.edge_apps import KEYS, READ_WRITE_KEY, WRITE_KEY, Client, ClientFactory, bearer

CLAIM = {"text": "Officials said 40 ships docked in the harbour.", "source": "Test Wire"}


async def claim_count(client: Client) -> int:
    page = await client.get("/v1/claims?limit=500", headers=bearer(READ_WRITE_KEY))
    return len(page.json()["items"])


async def test_the_same_key_and_body_replay_the_first_answer_without_writing_again(
    secured: Client,
) -> None:
    before = await claim_count(secured)
    headers = {**bearer(READ_WRITE_KEY), "Idempotency-Key": "claim-1"}
    first = await secured.post("/v1/claims", json=CLAIM, headers=headers)
    second = await secured.post("/v1/claims", json=CLAIM, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    assert await claim_count(secured) == before + 1


async def test_without_a_key_each_post_writes(secured: Client) -> None:
    before = await claim_count(secured)
    for _ in range(2):
        response = await secured.post("/v1/claims", json=CLAIM, headers=bearer(READ_WRITE_KEY))
        assert response.status_code == 201
    assert await claim_count(secured) == before + 2


async def test_the_same_key_with_another_body_is_422_naming_the_header(secured: Client) -> None:
    headers = {**bearer(READ_WRITE_KEY), "Idempotency-Key": "claim-2"}
    await secured.post("/v1/claims", json=CLAIM, headers=headers)
    other = await secured.post("/v1/claims", json={**CLAIM, "text": "Other."}, headers=headers)
    assert other.status_code == 422
    assert other.json()["field"] == "Idempotency-Key"


async def test_keys_belong_to_their_caller(secured: Client) -> None:
    before = await claim_count(secured)
    for key in (READ_WRITE_KEY, WRITE_KEY):
        headers = {**bearer(key), "Idempotency-Key": "shared-name"}
        response = await secured.post("/v1/claims", json=CLAIM, headers=headers)
        assert "idempotent-replayed" not in response.headers
    assert await claim_count(secured) == before + 2


async def test_a_replayed_bulk_ingest_is_answered_once(secured: Client) -> None:
    body = [
        {"text": f"Officials said {n} trains left.", "external_id": f"idem-{n}"} for n in (1, 2)
    ]
    headers = {**bearer(READ_WRITE_KEY), "Idempotency-Key": "bulk-1"}
    first = await secured.post("/v1/reports/bulk", json=body, headers=headers)
    second = await secured.post("/v1/reports/bulk", json=body, headers=headers)
    assert [item["status"] for item in first.json()["items"]] == [201, 201]
    assert second.json() == first.json()  # a second write would have answered 200 "replaced"


@pytest.mark.parametrize(("length", "status"), [(255, 201), (256, 422)])
async def test_a_key_has_at_most_255_visible_characters(
    make_client: ClientFactory, length: int, status: int
) -> None:
    async with make_client() as client:
        response = await client.post(
            "/v1/claims", json=CLAIM, headers={"Idempotency-Key": "k" * length}
        )
    assert response.status_code == status


async def test_reads_and_checks_ignore_the_header(make_client: ClientFactory) -> None:
    async with make_client(seeded=True) as client:
        headers = {"Idempotency-Key": "same"}
        first = await client.post("/v1/check", json={"statement": "troops"}, headers=headers)
        other = await client.post("/v1/check", json={"statement": "ships"}, headers=headers)
    assert first.status_code == other.status_code == 200


async def test_a_body_over_the_limit_is_413_before_anything_is_stored(
    make_client: ClientFactory,
) -> None:
    async with make_client(max_body_bytes=2048) as client:
        big = {"text": "x" * 3000}
        response = await client.post("/v1/claims", json=big, headers={"Idempotency-Key": "big"})
    assert response.status_code == 413


def tiny_app(
    store: MemoryIdempotencyStore,
    handler_gate: asyncio.Event,
    calls: list[int],
    entered: asyncio.Event | None = None,
) -> Litestar:
    @post("/v1/things", status_code=201)
    async def create(data: JSONBody[dict[str, int]]) -> dict[str, int]:
        calls.append(data["n"])
        if entered is not None:
            entered.set()
        await handler_gate.wait()
        if len(calls) == 1 and data["n"] < 0:
            raise RuntimeError("first attempt fails")
        return data

    middleware = IdempotencyMiddleware(store, ttl_seconds=60, max_body_bytes=10_000)
    return Litestar([create], middleware=[middleware])


async def test_a_second_request_while_the_first_runs_is_409_and_then_replayed() -> None:
    gate, calls, entered = asyncio.Event(), list[int](), asyncio.Event()
    # httpx's ASGI transport runs the app on this event loop, so the gate can hold the first
    # request open while the second arrives (the test client would run it on a portal thread).
    store = MemoryIdempotencyStore()
    app: Any = tiny_app(store, gate, calls, entered)  # httpx types a narrower ASGI app
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        headers = {"Idempotency-Key": "slow"}
        first = asyncio.create_task(client.post("/v1/things", json={"n": 1}, headers=headers))
        await asyncio.wait_for(entered.wait(), 60)  # the first request holds the key
        concurrent = await client.post("/v1/things", json={"n": 1}, headers=headers)
        gate.set()
        assert (await first).status_code == 201
        replay = await client.post("/v1/things", json={"n": 1}, headers=headers)
    assert concurrent.status_code == 409
    assert concurrent.headers["retry-after"] == "1"
    assert replay.headers["idempotent-replayed"] == "true"
    assert calls == [1]


async def test_a_server_error_is_not_kept_so_a_retry_runs_again() -> None:
    gate, calls = asyncio.Event(), list[int]()
    gate.set()
    async with AsyncTestClient(app=tiny_app(MemoryIdempotencyStore(), gate, calls)) as client:
        headers = {"Idempotency-Key": "flaky"}
        failed = await client.post("/v1/things", json={"n": -1}, headers=headers)
        retried = await client.post("/v1/things", json={"n": -1}, headers=headers)
    assert failed.status_code == 500
    assert retried.status_code == 201
    assert calls == [-1, -1]


async def test_records_expire_after_their_ttl() -> None:
    now = [0.0]
    store = MemoryIdempotencyStore(clock=lambda: now[0])

    assert await store.reserve("k", "f") is None
    await store.save("k", Record("f", 201, [], b"{}"), ttl=60)
    now[0] = 59.0
    held = await store.reserve("k", "f")
    assert held is not None
    assert held.status == 201
    now[0] = 61.0
    assert await store.reserve("k", "f") is None


async def test_replicas_sharing_redis_replay_each_others_answers(
    make_client: ClientFactory,
) -> None:
    redis = "redis://127.0.0.1:6379/0"
    headers = {**bearer(READ_WRITE_KEY), "Idempotency-Key": uuid.uuid4().hex}
    async with (
        make_client(api_keys=KEYS, redis_url=redis) as one,
        make_client(api_keys=KEYS, redis_url=redis) as two,
    ):
        first = await one.post("/v1/claims", json=CLAIM, headers=headers)
        second = await two.post("/v1/claims", json=CLAIM, headers=headers)
        assert await claim_count(two) == 0  # replica two never wrote
    assert second.headers["idempotent-replayed"] == "true"
    assert second.content == first.content


async def test_redis_reserves_a_key_once() -> None:
    store = RedisIdempotencyStore("redis://127.0.0.1:6379/0", prefix=f"test:{uuid.uuid4().hex}:")
    try:
        results = await asyncio.gather(*(store.reserve("k", "f") for _ in range(5)))
    finally:
        await store.close()
    assert sum(result is None for result in results) == 1


async def test_an_unreachable_redis_refuses_keyed_writes_with_503(
    make_client: ClientFactory,
) -> None:
    async with make_client(redis_url="redis://127.0.0.1:1/0") as client:
        response = await client.post("/v1/claims", json=CLAIM, headers={"Idempotency-Key": "x"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
