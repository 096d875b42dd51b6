"""`AsyncClient`: the asyncio client (httpx), with retries that respect Retry-After."""

import asyncio
from collections.abc import AsyncIterator, Sequence
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


class AsyncClient:
    """A factcheck service at `base_url`. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers=calls.base_headers(api_key),
            timeout=timeout,
            transport=transport,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    async def check(
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
        return await self.send(call)

    async def check_batch(self, requests: Sequence[CheckRequest]) -> CheckBatchResult:
        """Up to 100 checks in one request, each with its own options; one result each."""
        return await self.send(calls.check_batch(requests))

    async def check_text(self, text: str, *, limit: int = 3) -> TextCheckResult:
        """Every check-worthy sentence of a draft, checked."""
        return await self.send(calls.check_text(TextCheckRequest(text=text, limit=limit)))

    async def ingest(self, report: ReportIn, *, idempotency_key: str | None = None) -> ReportOut:
        return await self.send(calls.ingest(report, idempotency_key))

    async def ingest_many(
        self, reports: Sequence[ReportIn], *, idempotency_key: str | None = None
    ) -> BulkResult:
        """Up to 1,000 reports; one result per item, in order."""
        return await self.send(calls.ingest_many(reports, idempotency_key))

    async def report(self, report_id: int) -> ReportOut:
        return await self.send(calls.report(report_id))

    async def reports(self, *, limit: int = 50, cursor: str | None = None) -> ReportPage:
        return await self.send(calls.reports(limit, cursor))

    async def iter_reports(self, *, page_size: int = 100) -> AsyncIterator[ReportSummary]:
        """Every stored report, following `next_cursor` page by page."""
        cursor: str | None = None
        while True:
            page = await self.reports(limit=page_size, cursor=cursor)
            for item in page.items:
                yield item
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    async def delete_report(self, report_id: int) -> None:
        await self.send(calls.delete_report(report_id))

    async def add_claim(self, claim: ClaimIn, *, idempotency_key: str | None = None) -> ClaimOut:
        return await self.send(calls.add_claim(claim, idempotency_key))

    async def claim(self, claim_id: int) -> ClaimOut:
        return await self.send(calls.claim(claim_id))

    async def claims(
        self, *, limit: int = 50, cursor: str | None = None, report_id: int | None = None
    ) -> ClaimPage:
        return await self.send(calls.claims(limit, cursor, report_id))

    async def ready(self) -> bool:
        """True when the service can answer checks (its store and index are up)."""
        try:
            return (await self._http.get("/ready")).status_code == 200
        except httpx.TransportError:
            return False

    async def send(self, call: Call[T]) -> T:
        """Send `call`, retrying what is safe to retry; raise FactcheckError on an error."""
        attempt = 0
        while True:
            try:
                response = await self._http.request(
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
            await asyncio.sleep(wait.seconds)
            attempt += 1


__all__ = ["AsyncClient", "FactcheckError"]
