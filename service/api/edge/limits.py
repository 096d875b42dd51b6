"""Per-client rate limits (429 with Retry-After) and a time budget on checks (503).

A client is its API key when it presented a valid one, otherwise its address: an unknown or
missing key is limited by address, so guessing keys costs the same as any other request.
Every limited response carries `RateLimit-Limit`, `-Remaining`, `-Reset` and `-Policy`.

If Redis cannot be reached the request is let through (and logged): a broken limiter must not
take the API down with it.
"""

import asyncio
import logging
import math
from typing import cast

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send
from redis.exceptions import RedisError

from service.api.edge.buckets import Buckets, Decision
from service.api.edge.rejections import reject
from service.api.edge.security import principal_of
from service.api.policy import route_policy

log = logging.getLogger("factcheck.api")

PERIOD_SECONDS = 60.0


def client_of(scope: Scope) -> str:
    principal = principal_of(scope)
    if principal is not None:
        return f"key:{principal.key_id}"
    client = scope.get("client")
    return f"addr:{client[0] if client else 'unknown'}"


class RateLimitMiddleware(ASGIMiddleware):
    """Runs after authentication, so a valid key is limited as itself wherever it comes from."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, buckets: Buckets, per_minute: int) -> None:
        self.buckets = buckets
        self.per_minute = per_minute

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not route_policy(scope).rate_limited:
            await next_app(scope, receive, send)
            return
        try:
            decision = await self.buckets.take(client_of(scope), self.per_minute, PERIOD_SECONDS)
        except (OSError, RedisError) as exc:  # the limiter's store failed: fail open, loudly
            log.warning("rate limiter unavailable, request let through: %s", exc)
            await next_app(scope, receive, send)
            return
        headers = decision.headers(PERIOD_SECONDS)
        if not decision.allowed:
            await _too_many(scope, receive, send, decision, headers)
            return
        await next_app(scope, receive, _with_headers(send, headers))


async def _too_many(
    scope: Scope, receive: Receive, send: Send, decision: Decision, headers: dict[str, str]
) -> None:
    wait = max(1, math.ceil(decision.retry_after))
    detail = f"more than {decision.limit} requests a minute; retry in {wait} s"
    headers["Retry-After"] = str(wait)
    await reject(scope, receive, send, 429, detail, kind="rate-limited", headers=headers)


def _with_headers(send: Send, headers: dict[str, str]) -> Send:
    encoded = [(name.lower().encode(), value.encode()) for name, value in headers.items()]

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *encoded]
        await send(message)

    return send_with_headers


class CheckBudgetMiddleware(ASGIMiddleware):
    """A check that overruns its budget answers 503 instead of holding the client and a worker.

    The budget is enforced at the check's awaits (index catch-up, store reads, the splitting of
    a draft, which runs in a thread, and between its sentences); a single CPU-bound step on the
    loop is not interrupted, which the statement length limit keeps short.
    """

    scopes = (ScopeType.HTTP,)

    def __init__(self, budget_ms: int) -> None:
        self.budget_ms = budget_ms

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not route_policy(scope).budget:
            await next_app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        budget = asyncio.timeout(self.budget_ms / 1000)
        try:
            async with budget:
                await next_app(scope, receive, tracking_send)
        except TimeoutError:
            if started or not budget.expired():
                raise
            method = cast("HTTPScope", scope)["method"]
            log.warning("check over budget: %s %s", method, scope["path"])
            detail = f"the check did not finish within its {self.budget_ms} ms budget; retry later"
            await reject(scope, receive, send, 503, detail, kind="check-budget")
