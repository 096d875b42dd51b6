"""The service's operations as plain descriptions, and what each answer means, so the sync
and async clients share everything but the sending and the sleeping."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

import httpx
import msgspec

from factcheck_client.errors import error_from
from factcheck_client.retrying import RetryPolicy
from schemas.check import (
    CheckBatchRequest,
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    TextCheckRequest,
    TextCheckResult,
)
from schemas.claims import ClaimIn, ClaimOut, ClaimPage
from schemas.reports import BulkResult, ReportIn, ReportOut, ReportPage

T = TypeVar("T")
USER_AGENT = "factcheck-client/0.1.0"
Params = dict[str, str | int | float | list[str]]


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str
    answer: type[T] | None  # None: no body to decode (204)
    body: bytes | None = None
    params: Params = field(default_factory=dict)
    # Safe to send twice: reads, checks, and writes that carry an Idempotency-Key.
    idempotent: bool = True
    headers: dict[str, str] = field(default_factory=dict)


def base_headers(api_key: str | None) -> dict[str, str]:
    """Sent with every request of a client."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return headers


def _json(value: object) -> bytes:
    return msgspec.json.encode(value)


def _write_headers(idempotency_key: str | None) -> dict[str, str]:
    # Every write gets a key, so that a retry after a lost answer is not a second write.
    return {"Idempotency-Key": idempotency_key or str(uuid.uuid4())}


def check(request: CheckRequest) -> Call[CheckResult]:
    return Call("POST", "/v1/check", CheckResult, body=_json(request))


def check_statement(
    statement: str,
    *,
    limit: int,
    min_score: float | None,
    sources: Sequence[str] | None,
    since: str | None,
    until: str | None,
) -> Call[CheckResult]:
    """`check` from the clients' keyword arguments."""
    request = CheckRequest(
        statement=statement,
        limit=limit,
        min_score=min_score,
        sources=list(sources) if sources is not None else None,
        since=since,
        until=until,
    )
    return check(request)


def check_batch(requests: Sequence[CheckRequest]) -> Call[CheckBatchResult]:
    body = _json(CheckBatchRequest(checks=list(requests)))
    return Call("POST", "/v1/check/batch", CheckBatchResult, body=body)


def check_text(request: TextCheckRequest) -> Call[TextCheckResult]:
    return Call("POST", "/v1/check/text", TextCheckResult, body=_json(request))


def ingest(report: ReportIn, idempotency_key: str | None) -> Call[ReportOut]:
    return Call(
        "POST",
        "/v1/reports",
        ReportOut,
        body=_json(report),
        headers=_write_headers(idempotency_key),
    )


def ingest_many(reports: Sequence[ReportIn], idempotency_key: str | None) -> Call[BulkResult]:
    return Call(
        "POST",
        "/v1/reports/bulk",
        BulkResult,
        body=_json(list(reports)),
        headers=_write_headers(idempotency_key),
    )


def report(report_id: int) -> Call[ReportOut]:
    return Call("GET", f"/v1/reports/{report_id}", ReportOut)


def reports(limit: int, cursor: str | None) -> Call[ReportPage]:
    params: Params = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    return Call("GET", "/v1/reports", ReportPage, params=params)


def delete_report(report_id: int) -> Call[None]:
    return Call("DELETE", f"/v1/reports/{report_id}", None)


def add_claim(claim: ClaimIn, idempotency_key: str | None) -> Call[ClaimOut]:
    return Call(
        "POST", "/v1/claims", ClaimOut, body=_json(claim), headers=_write_headers(idempotency_key)
    )


def claim(claim_id: int) -> Call[ClaimOut]:
    return Call("GET", f"/v1/claims/{claim_id}", ClaimOut)


def claims(limit: int, cursor: str | None, report_id: int | None) -> Call[ClaimPage]:
    params: Params = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    if report_id is not None:
        params["report_id"] = report_id
    return Call("GET", "/v1/claims", ClaimPage, params=params)


def decode(call: Call[T], content: bytes) -> T:
    if call.answer is None:
        return None  # type: ignore[return-value]  # Call[None]: nothing to decode
    return msgspec.json.decode(content, type=call.answer)


class Retry(NamedTuple):
    """Send the call again, after `seconds`."""

    seconds: float


def headers(call: Call[T]) -> dict[str, str]:
    if call.body is None:
        return call.headers
    return {**call.headers, "Content-Type": "application/json"}


def outcome(call: Call[T], response: httpx.Response, attempt: int, retry: RetryPolicy) -> T | Retry:
    """What an answer to attempt `attempt` (0 first) means: the decoded result, or a wait
    before the next attempt; the service's error, when it is not worth retrying, is raised."""
    if response.is_success:
        return decode(call, response.content)
    if not retry.should_retry(attempt, response, call.idempotent):
        raise error_from(response.status_code, response.reason_phrase, response.content)
    return Retry(retry.wait(attempt, response))


def after_failure(call: Call[T], attempt: int, retry: RetryPolicy) -> Retry | None:
    """After a transport error (no answer): a wait before the next attempt, or None when the
    error should be raised."""
    if not retry.can_retry_error(attempt, call.idempotent):
        return None
    return Retry(retry.wait(attempt))
