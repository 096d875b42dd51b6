"""The client retries what is safe to retry, as long as the service says, and no longer."""

import httpx
import msgspec
import pytest

from factcheck_client import AsyncClient, Client, FactcheckError, RetryPolicy
from factcheck_client.retrying import retry_after
from schemas import ReportIn

RESULT = {
    "statement": "s",
    "verdict": "unverified",
    "matches": [],
    "index_revision": 3,
    "took_ms": 1.0,
}
REPORT = {
    "id": 7,
    "text": "t",
    "claims": [],
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
}
PROBLEM = {"title": "Too Many Requests", "status": 429, "detail": "slow down"}


class Recorder:
    """A transport answering from a script, remembering each request and each sleep."""

    def __init__(self, answers: list[httpx.Response]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr("factcheck_client.client.time.sleep", slept.append)

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("factcheck_client.aio.asyncio.sleep", fake_sleep)
    return slept


def limited(retry: str) -> httpx.Response:
    return httpx.Response(
        429,
        json=PROBLEM,
        headers={"Retry-After": retry, "Content-Type": "application/problem+json"},
    )


def test_a_check_waits_as_long_as_retry_after_says_then_succeeds(sleeps: list[float]) -> None:
    recorder = Recorder([limited("2"), httpx.Response(200, json=RESULT)])
    with Client("http://factcheck", transport=httpx.MockTransport(recorder)) as client:
        result = client.check("North Korea sent troops", limit=2)
    assert result.index_revision == 3
    assert sleeps == [2.0]
    assert [r.url.path for r in recorder.requests] == ["/v1/check", "/v1/check"]
    assert msgspec.json.decode(recorder.requests[0].content)["limit"] == 2


def test_retry_after_is_capped_and_attempts_are_bounded(sleeps: list[float]) -> None:
    recorder = Recorder([limited("3600") for _ in range(3)])
    policy = RetryPolicy(attempts=3, max_wait=5)
    with (
        Client("http://factcheck", transport=httpx.MockTransport(recorder), retry=policy) as client,
        pytest.raises(FactcheckError) as raised,
    ):
        client.check("x")
    assert raised.value.status == 429
    assert raised.value.problem.detail == "slow down"
    assert sleeps == [5.0, 5.0]
    assert len(recorder.requests) == 3


def test_a_retried_write_sends_the_same_idempotency_key(sleeps: list[float]) -> None:
    busy = httpx.Response(503, json={**PROBLEM, "status": 503}, headers={"Retry-After": "1"})
    recorder = Recorder([busy, httpx.Response(201, json=REPORT)])
    with Client("http://factcheck", transport=httpx.MockTransport(recorder)) as client:
        stored = client.ingest(ReportIn(text="The ministry said 300 engineers arrived."))
    assert stored.id == 7
    keys = [r.headers["Idempotency-Key"] for r in recorder.requests]
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert len(keys[0]) >= 32


def test_a_client_error_is_raised_at_once_with_its_problem(sleeps: list[float]) -> None:
    invalid = {"title": "Unprocessable", "status": 422, "detail": "statement: empty"}
    recorder = Recorder([httpx.Response(422, json=invalid)])
    with (
        Client("http://factcheck", transport=httpx.MockTransport(recorder)) as client,
        pytest.raises(FactcheckError, match="statement: empty"),
    ):
        client.check("")
    assert sleeps == []


def test_a_proxy_page_still_raises_a_problem(sleeps: list[float]) -> None:
    recorder = Recorder([httpx.Response(404, text="<html>not here</html>")])
    with (
        Client("http://factcheck", transport=httpx.MockTransport(recorder)) as client,
        pytest.raises(FactcheckError) as raised,
    ):
        client.report(1)
    assert raised.value.status == 404
    assert "not here" in raised.value.problem.detail


async def test_the_async_client_retries_a_connection_error_then_pages(
    sleeps: list[float],
) -> None:
    pages = iter(
        [
            {"items": [{**REPORT, "claim_count": 0, "id": 1}], "next_cursor": "c1"},
            {"items": [{**REPORT, "claim_count": 0, "id": 2}]},
        ]
    )
    failed = False

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal failed
        if not failed:
            failed = True
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=next(pages))

    async with AsyncClient("http://factcheck", transport=httpx.MockTransport(handler)) as client:
        ids = [report.id async for report in client.iter_reports(page_size=1)]
    assert ids == [1, 2]
    assert len(sleeps) == 1


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after("soon") is None
    assert retry_after(None) is None
