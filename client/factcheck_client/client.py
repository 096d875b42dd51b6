"""`Client`: the synchronous client (httpx), with retries that respect Retry-After."""

import time
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Self, TypeVar

import httpx

from factcheck_client import calls
from factcheck_client.calls import Call
from factcheck_client.errors import FactcheckError
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
            headers=calls.base_headers(api_key),
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
        call = calls.check_statement(
            statement, limit=limit, min_score=min_score, sources=sources, since=since, until=until
        )
        return self.send(call)

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
                    headers=calls.headers(call),
                )
            except httpx.TransportError:
                wait = calls.after_failure(call, attempt, self.retry)
                if wait is None:
                    raise
            else:
                step = calls.outcome(call, response, attempt, self.retry)
                if not isinstance(step, calls.Retry):
                    return step
                wait = step
            time.sleep(wait.seconds)
            attempt += 1


__all__ = ["Client", "FactcheckError"]
