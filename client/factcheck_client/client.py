"""`Client`: the synchronous client (httpx), with retries that respect Retry-After."""

import time
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Self, TypeVar

import httpx

from factcheck_client import calls
from factcheck_client.calls import Call
from factcheck_client.errors import FactcheckError, error_from
from factcheck_client.retrying import RetryPolicy
from schemas.check import (
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    TextCheckRequest,
    TextCheckResult,
)
from schemas.claims import ClaimIn, ClaimOut, ClaimPage
from schemas.reports import BulkResult, ReportIn, ReportOut, ReportPage, ReportSummary

T = TypeVar("T")
USER_AGENT = "factcheck-client/0.1.0"


def base_headers(api_key: str | None) -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return headers


class Client:
    """A factcheck service at `base_url`. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=base_headers(api_key),
            timeout=timeout,
            transport=transport,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def check(
        self,
        statement: str,
        *,
        limit: int = 5,
        min_score: float | None = None,
        sources: Sequence[str] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> CheckResult:
        """The indexed claims that support or conflict with `statement`, and a verdict."""
        request = CheckRequest(
            statement=statement,
            limit=limit,
            min_score=min_score,
            sources=list(sources) if sources is not None else None,
            since=since,
            until=until,
        )
        return self.send(calls.check(request))

    def check_batch(self, requests: Sequence[CheckRequest]) -> CheckBatchResult:
        """Up to 100 checks in one request, each with its own options; one result each."""
        return self.send(calls.check_batch(requests))

    def check_text(self, text: str, *, limit: int = 3) -> TextCheckResult:
        """Every check-worthy sentence of a draft, checked."""
        return self.send(calls.check_text(TextCheckRequest(text=text, limit=limit)))

    def ingest(self, report: ReportIn, *, idempotency_key: str | None = None) -> ReportOut:
        return self.send(calls.ingest(report, idempotency_key))

    def ingest_many(
        self, reports: Sequence[ReportIn], *, idempotency_key: str | None = None
    ) -> BulkResult:
        """Up to 1,000 reports; one result per item, in order."""
        return self.send(calls.ingest_many(reports, idempotency_key))

    def report(self, report_id: int) -> ReportOut:
        return self.send(calls.report(report_id))

    def reports(self, *, limit: int = 50, cursor: str | None = None) -> ReportPage:
        return self.send(calls.reports(limit, cursor))

    def iter_reports(self, *, page_size: int = 100) -> Iterator[ReportSummary]:
        """Every stored report, following `next_cursor` page by page."""
        cursor: str | None = None
        while True:
            page = self.reports(limit=page_size, cursor=cursor)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def delete_report(self, report_id: int) -> None:
        self.send(calls.delete_report(report_id))

    def add_claim(self, claim: ClaimIn, *, idempotency_key: str | None = None) -> ClaimOut:
        return self.send(calls.add_claim(claim, idempotency_key))

    def claim(self, claim_id: int) -> ClaimOut:
        return self.send(calls.claim(claim_id))

    def claims(
        self, *, limit: int = 50, cursor: str | None = None, report_id: int | None = None
    ) -> ClaimPage:
        return self.send(calls.claims(limit, cursor, report_id))

    def ready(self) -> bool:
        """True when the service can answer checks (its store and index are up)."""
        try:
            return self._http.get("/ready").status_code == 200
        except httpx.TransportError:
            return False

    def send(self, call: Call[T]) -> T:
        """Send `call`, retrying what is safe to retry; raise FactcheckError on an error."""
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    call.method,
                    call.path,
                    params=call.params,
                    content=call.body,
                    headers={**call.headers, "Content-Type": "application/json"}
                    if call.body is not None
                    else call.headers,
                )
            except httpx.TransportError:
                if not self.retry.can_retry_error(attempt, call.idempotent):
                    raise
                time.sleep(self.retry.wait(attempt))
                attempt += 1
                continue
            if response.is_success:
                return calls.decode(call, response.content)
            if not self.retry.should_retry(attempt, response, call.idempotent):
                raise error_from(response.status_code, response.reason_phrase, response.content)
            time.sleep(self.retry.wait(attempt, response))
            attempt += 1


__all__ = ["Client", "FactcheckError"]
