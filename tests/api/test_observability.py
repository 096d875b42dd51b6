"""Request ids in and out, one JSON log line per request, and Prometheus metrics at /metrics.

The log lines are read from the handler the app's logging config installs (its stream swapped for
a buffer), so a broken formatter or logger config fails here too, not only the observer.
"""

import asyncio
import io
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.api.edge.observability import JsonFormatter
from tests.edge_apps import (
    KEYS,
    READ_KEY,
    READ_WRITE_KEY,
    WRITE_KEY,
    Client,
    ClientFactory,
    bearer,
)
from tests.examples import CLAIM_REVIEW

MINTED = re.compile(r"^[0-9a-f]{32}$")  # uuid4().hex
REPORT = {
    "text": "The ministry said 300 engineers arrived in Kursk on Monday. "
    "Officials said 40 ships docked in Nampo on Tuesday.",
    "source": "Example Wire",
    "external_id": "obs-1",
}
CLAIM = {"text": "Officials said 12 trains left Pyongyang on Friday.", "source": "Test Wire"}


@pytest.fixture
async def client(make_client: ClientFactory) -> AsyncIterator[Client]:
    async with make_client() as client:
        yield client


class LogLines:
    """The JSON lines the app's `factcheck` handlers wrote since the capture began."""

    def __init__(self, buffer: io.StringIO) -> None:
        self.buffer = buffer

    def all(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.buffer.getvalue().splitlines()]

    def access(self) -> list[dict[str, Any]]:
        return [line for line in self.all() if line["logger"] == "factcheck.access"]

    def for_request(self, request_id: str) -> list[dict[str, Any]]:
        return [line for line in self.all() if line.get("request_id") == request_id]


@contextmanager
def captured_logs() -> Iterator[LogLines]:
    """Point the JSON handlers of the current logging config at a buffer, then back."""
    handlers = [
        handler
        for handler in logging.getLogger("factcheck").handlers
        if isinstance(handler, logging.StreamHandler)
        and isinstance(handler.formatter, JsonFormatter)
    ]
    assert handlers, "the factcheck logger has no JSON handler"
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    try:
        yield LogLines(buffer)
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of a Prometheus text exposition; 0 when it is absent."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0


def series(text: str, name: str) -> list[dict[str, str]]:
    return [
        found.labels
        for family in text_string_to_metric_families(text)
        for found in family.samples
        if found.name == name
    ]


async def scrape(client: Client) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


# X-Request-ID


@pytest.mark.parametrize(
    "offered",
    [
        "abc-123",
        "0b6e8c1e-3f0a-4d7e-9c2b-1f1e2d3c4b5a",
        "proxy.example:8080/req=42+retry@edge_1",
        "x" * 128,
    ],
)
async def test_a_sane_request_id_is_echoed(client: Client, offered: str) -> None:
    response = await client.get("/health", headers={"X-Request-ID": offered})
    assert response.headers.get_list("x-request-id") == [offered]


@pytest.mark.parametrize(
    "offered",
    [b"", b"x" * 129, b"with space", b'quote"d', b"{json}", b"caf\xc3\xa9", b"a;b", b"%0Aforged"],
    ids=repr,
)
async def test_an_unsafe_or_too_long_request_id_is_replaced_by_a_minted_one(
    client: Client, offered: bytes
) -> None:
    response = await client.get("/health", headers={b"X-Request-ID": offered})
    [echoed] = response.headers.get_list("x-request-id")
    assert MINTED.match(echoed)


async def test_without_a_request_id_each_request_gets_its_own(client: Client) -> None:
    ids = [(await client.get("/health")).headers["x-request-id"] for _ in range(20)]
    assert all(MINTED.match(request_id) for request_id in ids)
    assert len(set(ids)) == len(ids)


async def test_every_answer_carries_the_request_id_errors_included(
    make_client: ClientFactory,
) -> None:
    """The observer sits outside routing, the edge middleware and the error handlers."""
    key = bearer(READ_WRITE_KEY)
    requests: list[tuple[str, str, dict[str, Any], int]] = [
        ("GET", "/v1/reports", {}, 401),  # refused by the authentication middleware
        ("GET", "/v1/nowhere", {"headers": key}, 404),  # outside any route
        ("DELETE", "/health", {"headers": key}, 405),
        ("POST", "/v1/check", {"json": {"statement": ""}, "headers": key}, 422),
        (
            "POST",
            "/v1/reports",
            {"content": b"{", "headers": {**key, "Content-Type": "application/json"}},
            400,
        ),
        ("POST", "/v1/claims", {"json": CLAIM, "headers": key}, 201),
    ]
    async with make_client(api_keys=KEYS) as client:
        for n, (method, url, options, status) in enumerate(requests):
            minted = await client.request(method, url, **options)
            assert minted.status_code == status
            assert MINTED.match(minted.headers["x-request-id"])
            headers = {**options.get("headers", {}), "X-Request-ID": f"edge-{n}"}
            offered = await client.request(method, url, **{**options, "headers": headers})
            assert offered.status_code == status
            assert offered.headers.get_list("x-request-id") == [f"edge-{n}"]


async def test_a_rate_limited_answer_carries_the_request_id(make_client: ClientFactory) -> None:
    async with make_client(rate_limit_per_minute=1) as client:
        await client.get("/v1/reports")
        limited = await client.get("/v1/reports", headers={"X-Request-ID": "over-the-limit"})
    assert limited.status_code == 429
    assert limited.headers["x-request-id"] == "over-the-limit"


# One JSON log line per request


async def test_each_request_writes_one_json_access_line(client: Client) -> None:
    created = await client.post("/v1/claims", json=CLAIM)
    claim_id = created.json()["id"]
    with captured_logs() as logs:
        found = await client.get(f"/v1/claims/{claim_id}", headers={"X-Request-ID": "read-1"})
        missing = await client.get("/v1/claims/999999")
        await client.get("/v1/no/such/route/42")
    assert found.status_code == 200
    assert missing.status_code == 404
    lines = logs.access()
    assert len(lines) == 3
    first, second, third = lines
    assert first["request_id"] == "read-1"
    assert first["route"] == "/v1/claims/{claim_id}"
    assert first["path"] == f"/v1/claims/{claim_id}"
    assert (first["method"], first["status"]) == ("GET", 200)
    assert isinstance(first["duration_ms"], float)
    assert first["duration_ms"] >= 0
    assert first["level"] == "info"
    assert first["ts"].endswith("+00:00")
    assert second["request_id"] == missing.headers["x-request-id"]
    assert (second["route"], second["status"]) == ("/v1/claims/{claim_id}", 404)
    assert (third["route"], third["status"]) == ("unmatched", 404)


async def test_the_access_line_holds_neither_the_query_nor_the_key(
    make_client: ClientFactory,
) -> None:
    async with make_client(api_keys=KEYS) as client:
        with captured_logs() as logs:
            response = await client.get(
                "/v1/check",
                params={"statement": "a confidential draft about 12 ships"},
                headers=bearer(READ_WRITE_KEY),
            )
    assert response.status_code == 200
    [line] = logs.access()
    raw = json.dumps(line)
    assert "confidential" not in raw
    assert READ_WRITE_KEY not in raw
    assert line["path"] == "/v1/check"
    assert line["route"] == "/v1/check"
    assert re.match(r"^[0-9a-f]{12}$", line["key"])  # a fingerprint of the key, not the key


async def test_log_lines_written_during_a_request_carry_its_request_id(
    make_client: ClientFactory,
) -> None:
    """A draft far over a 50 ms budget: the budget's warning names the request it cut off."""
    draft = "".join(f"North Korea sent {n} soldiers to Russia. " for n in range(2_500))
    async with make_client(check_budget_ms=50) as client:
        with captured_logs() as logs:
            response = await client.post(
                "/v1/check/text", json={"text": draft}, headers={"X-Request-ID": "slow-draft"}
            )
    assert response.status_code == 503
    lines = logs.for_request("slow-draft")
    assert [line["logger"] for line in lines] == ["factcheck.api", "factcheck.access"]
    assert lines[0]["level"] == "warning"
    assert "over budget" in lines[0]["message"]
    assert lines[1]["status"] == 503
    assert lines[1]["duration_ms"] >= 50


# /metrics


async def test_metrics_are_prometheus_text(client: Client) -> None:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    names = {family.name for family in text_string_to_metric_families(response.text)}
    assert {
        "factcheck_http_requests",
        "factcheck_http_request_duration_seconds",
        "factcheck_ingested",
        "factcheck_index_claims",
        "factcheck_index_revision",
        "factcheck_store_revision",
        "factcheck_store_reports",
        "factcheck_store_claims",
    } <= names


async def test_requests_are_counted_by_route_template_and_status(client: Client) -> None:
    claim_id = (await client.post("/v1/claims", json=CLAIM)).json()["id"]
    for _ in range(3):
        assert (await client.get(f"/v1/claims/{claim_id}")).status_code == 200
    assert (await client.get("/v1/claims/424242")).status_code == 404
    for n in range(5):  # unknown paths share one label: no series per path
        assert (await client.get(f"/v1/random-{n}")).status_code == 404
    text = await scrape(client)
    route = "/v1/claims/{claim_id}"
    counter = "factcheck_http_requests_total"
    assert sample(text, counter, method="GET", route=route, status="200") == 3
    assert sample(text, counter, method="GET", route=route, status="404") == 1
    assert sample(text, counter, method="POST", route="/v1/claims", status="201") == 1
    assert sample(text, counter, method="GET", route="unmatched", status="404") == 5
    routes = {labels["route"] for labels in series(text, counter)}
    assert f"/v1/claims/{claim_id}" not in routes
    assert not any("random" in route for route in routes)


async def test_latencies_are_a_histogram_by_route_template(client: Client) -> None:
    claim_id = (await client.post("/v1/claims", json=CLAIM)).json()["id"]
    for _ in range(4):
        await client.get(f"/v1/claims/{claim_id}")
    text = await scrape(client)
    name = "factcheck_http_request_duration_seconds"
    labels = {"method": "GET", "route": "/v1/claims/{claim_id}"}
    assert sample(text, f"{name}_count", **labels) == 4
    assert sample(text, f"{name}_sum", **labels) > 0
    assert sample(text, f"{name}_bucket", **labels, le="+Inf") == 4
    buckets = [
        found for found in series(text, f"{name}_bucket") if found["route"] == labels["route"]
    ]
    assert len(buckets) > 5  # real buckets, not only +Inf


async def caught_up(client: Client, claims: float) -> str:
    """Scrape until the index holds `claims` at the store's revision: the index follows the
    store's change feed, so it moves a moment after the write is acknowledged."""
    for _ in range(100):
        text = await scrape(client)
        revision = sample(text, "factcheck_store_revision")
        if (
            sample(text, "factcheck_index_claims") == claims
            and sample(text, "factcheck_index_revision") == revision
        ):
            return text
        await asyncio.sleep(0.05)
    raise AssertionError(f"the index never caught up to {claims} claims:\n{text}")


async def test_index_and_store_gauges_move_with_an_ingest_and_a_delete(client: Client) -> None:
    before = await caught_up(client, 0)
    created = await client.post("/v1/reports", json=REPORT)
    assert created.status_code == 201
    claims = len(created.json()["claims"])
    assert claims >= 1
    after = await caught_up(client, claims)
    revision = sample(after, "factcheck_store_revision")
    assert revision > sample(before, "factcheck_store_revision")
    assert sample(after, "factcheck_store_reports") == 1
    assert sample(after, "factcheck_store_claims") == claims

    assert (await client.delete(f"/v1/reports/{created.json()['id']}")).status_code == 204
    gone = await caught_up(client, 0)
    assert sample(gone, "factcheck_store_reports") == 0
    assert sample(gone, "factcheck_index_revision") > revision


async def test_ingests_are_counted_by_kind_and_outcome(client: Client) -> None:
    counter = "factcheck_ingested_total"

    def count(text: str, kind: str, outcome: str) -> float:
        return sample(text, counter, kind=kind, outcome=outcome)

    assert (await client.post("/v1/reports", json=REPORT)).status_code == 201
    assert (await client.post("/v1/reports", json=REPORT)).status_code == 200  # replaced
    assert (await client.post("/v1/claims", json=CLAIM)).status_code == 201
    bulk = [
        {"text": "Officials said 40 ships docked.", "external_id": "obs-bulk-1"},
        {"text": "   "},
        {**REPORT},  # the same external_id again: replaced
        "not a report",
    ]
    statuses = [
        item["status"]
        for item in (await client.post("/v1/reports/bulk", json=bulk)).json()["items"]
    ]
    assert statuses == [201, 422, 200, 422]
    text = await scrape(client)
    assert count(text, "report", "created") == 2
    assert count(text, "report", "replaced") == 2
    assert count(text, "report", "rejected") == 2
    assert count(text, "claim", "created") == 1

    # Reads, checks and refused writes are not ingests; a replayed write is not counted twice.
    await client.get("/v1/reports")
    await client.post("/v1/check", json={"statement": "Officials said 40 ships docked."})
    await client.post("/v1/claims", json={"text": ""})
    replay = {"Idempotency-Key": "obs-claim"}
    for _ in range(3):
        assert (await client.post("/v1/claims", json=CLAIM, headers=replay)).status_code == 201
    text = await scrape(client)
    assert count(text, "report", "created") == 2
    assert count(text, "claim", "created") == 2


async def test_seeding_is_counted_as_an_ingest(make_client: ClientFactory) -> None:
    """Ingests are counted where they are stored, not read back from answers: the seeds an
    empty store receives at start-up are counted too."""
    async with make_client(seeded=True) as client:
        text = await scrape(client)
        stored = sample(text, "factcheck_store_reports")
    assert stored > 0
    assert sample(text, "factcheck_ingested_total", kind="report", outcome="created") == stored


async def test_each_app_counts_only_its_own_requests(make_client: ClientFactory) -> None:
    """Registries are per app: two apps in one process do not share counters."""
    async with make_client() as first, make_client() as second:
        await first.get("/health")
        await first.get("/health")
        await second.get("/health")
        labels = {"method": "GET", "route": "/health", "status": "200"}
        assert sample(await scrape(first), "factcheck_http_requests_total", **labels) == 2
        assert sample(await scrape(second), "factcheck_http_requests_total", **labels) == 1


REVIEW = CLAIM_REVIEW


async def test_claimreview_imports_are_counted_as_claims(client: Client) -> None:
    other = {**REVIEW, "url": "https://factcheck.example/other", "claimReviewed": "Other claim."}
    assert (await client.post("/v1/claimreviews", json=[REVIEW, other])).status_code == 201
    again = await client.post("/v1/claimreviews", json=REVIEW)
    assert again.json()["items"][0]["replaced"] is True
    text = await scrape(client)
    assert sample(text, "factcheck_ingested_total", kind="claim", outcome="created") == 2
    assert sample(text, "factcheck_ingested_total", kind="claim", outcome="replaced") == 1


async def test_metrics_need_the_read_scope_when_keys_are_set(make_client: ClientFactory) -> None:
    async with make_client(api_keys=KEYS) as client:
        assert (await client.get("/metrics")).status_code == 401
        assert (await client.get("/metrics", headers=bearer(WRITE_KEY))).status_code == 403
        response = await client.get("/metrics", headers=bearer(READ_KEY))
    assert response.status_code == 200
    assert "factcheck_http_requests_total" in response.text
