"""Rate limit per key (or address): `limit` requests pass, the next is 429 with Retry-After."""

import asyncio
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from service.api.edge.buckets import MemoryBuckets, RedisBuckets, gcra
from tests.edge_apps import KEYS, READ_KEY, READ_WRITE_KEY, ClientFactory, bearer

REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_the_limit_passes_and_limit_plus_one_is_429(make_client: ClientFactory) -> None:
    async with make_client(api_keys=KEYS, rate_limit_per_minute=3) as client:
        answers = [await client.get("/v1/reports", headers=bearer(READ_KEY)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = answers[-1]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith("/rate-limited")
    assert 1 <= int(refused.headers["retry-after"]) <= 20  # one request's worth: 60 s / 3
    assert refused.headers["ratelimit-limit"] == "3"
    assert refused.headers["ratelimit-policy"] == "3;w=60"


async def test_each_key_has_its_own_allowance(make_client: ClientFactory) -> None:
    async with make_client(api_keys=KEYS, rate_limit_per_minute=1) as client:
        first = await client.get("/v1/reports", headers=bearer(READ_KEY))
        again = await client.get("/v1/reports", headers=bearer(READ_KEY))
        other = await client.get("/v1/reports", headers=bearer(READ_WRITE_KEY))
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


async def test_without_keys_clients_are_limited_by_address(make_client: ClientFactory) -> None:
    async with make_client(rate_limit_per_minute=2) as client:
        statuses = [(await client.get("/v1/claims")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


async def test_guessing_keys_is_limited_by_address_like_any_request(
    make_client: ClientFactory,
) -> None:
    async with make_client(api_keys=KEYS, rate_limit_per_minute=2) as client:
        statuses = [
            (await client.get("/v1/reports", headers=bearer(f"guess-{n:020d}"))).status_code
            for n in range(3)
        ]
    assert statuses == [401, 401, 429]


async def test_probes_and_metrics_are_not_limited(make_client: ClientFactory) -> None:
    async with make_client(rate_limit_per_minute=1) as client:
        statuses = {
            (await client.get(path)).status_code for path in ["/health", "/ready", "/metrics"] * 3
        }
    assert statuses == {200}


async def test_zero_turns_the_limit_off(make_client: ClientFactory) -> None:
    async with make_client(rate_limit_per_minute=0) as client:
        answers = [await client.get("/v1/claims?limit=1") for _ in range(30)]
    assert {a.status_code for a in answers} == {200}
    assert "ratelimit-limit" not in answers[0].headers


async def test_the_openapi_document_declares_429_with_retry_after(
    make_client: ClientFactory,
) -> None:
    async with make_client(rate_limit_per_minute=10) as client:
        document = (await client.get("/schema/openapi.json")).json()
    declared = document["paths"]["/v1/check"]["post"]["responses"]["429"]
    assert "Retry-After" in declared["headers"]


@settings(max_examples=200, deadline=None)
@given(limit=st.integers(1, 500), period=st.sampled_from([1.0, 60.0, 3600.0]))
def test_gcra_allows_a_burst_of_exactly_limit_then_one_per_interval(
    limit: int, period: float
) -> None:
    now, tat = 1_000.0, None
    for expected_remaining in range(limit - 1, -1, -1):
        decision, tat = gcra(tat, now, limit, period)
        assert decision.allowed
        assert decision.remaining == expected_remaining
    refused, tat = gcra(tat, now, limit, period)
    assert not refused.allowed
    assert abs(refused.retry_after - period / limit) < 1e-6
    later, _ = gcra(tat, now + refused.retry_after, limit, period)
    assert later.allowed


async def test_the_memory_buckets_refill_with_time() -> None:
    clock = iter([0.0, 0.0, 0.5, 30.0])
    buckets = MemoryBuckets(clock=lambda: next(clock))
    decisions = [await buckets.take("c", 2, 60.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, False, True]


async def test_replicas_sharing_redis_share_one_allowance(make_client: ClientFactory) -> None:
    key = f"redis-shared-key-{uuid.uuid4().hex}"
    keys = f"read:{key}"
    async with (
        make_client(api_keys=keys, rate_limit_per_minute=3, redis_url=REDIS_URL) as one,
        make_client(api_keys=keys, rate_limit_per_minute=3, redis_url=REDIS_URL) as two,
    ):
        statuses = [
            (await client.get("/v1/claims", headers=bearer(key))).status_code
            for client in (one, two, one, two)
        ]
    assert statuses == [200, 200, 200, 429]


async def test_redis_buckets_agree_with_the_arithmetic() -> None:
    buckets = RedisBuckets(REDIS_URL, prefix=f"factcheck-test:{uuid.uuid4().hex}:")
    try:
        decisions = await asyncio.gather(*(buckets.take("c", 5, 60.0) for _ in range(7)))
    finally:
        await buckets.close()
    assert sorted(d.remaining for d in decisions if d.allowed) == [0, 1, 2, 3, 4]
    assert sum(not d.allowed for d in decisions) == 2


async def test_an_unreachable_redis_lets_requests_through(make_client: ClientFactory) -> None:
    async with make_client(rate_limit_per_minute=1, redis_url="redis://127.0.0.1:1/0") as client:
        statuses = [(await client.get("/v1/claims")).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
