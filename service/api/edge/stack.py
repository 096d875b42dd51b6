"""The hardened edge, assembled from Settings: middleware in order, and CORS.

Order of the per-route middleware, outermost first, and why:
1. authentication: who is calling (a key, or an address), and may they call this route;
2. rate limit: counts a valid key as itself, anyone else by address, wrong keys included;
3. authorization: the 401 or 403 decided in 1, so nothing below runs for such a caller;
4. check budget: around the handler only;
5. idempotency: innermost, so a replay is still authenticated, authorized and counted.
Request ids, logs and metrics sit outside all of this (see `observability.observe`).
"""

from dataclasses import dataclass

from litestar.config.cors import CORSConfig
from litestar.middleware import ASGIMiddleware

from service.api.edge.allow import AllowHeaderMiddleware
from service.api.edge.buckets import Buckets, MemoryBuckets, RedisBuckets
from service.api.edge.guard import ContentTypeMiddleware
from service.api.edge.idempotency import (
    IdempotencyMiddleware,
    IdempotencyStore,
    MemoryIdempotencyStore,
    RedisIdempotencyStore,
)
from service.api.edge.limits import CheckBudgetMiddleware, RateLimitMiddleware
from service.api.edge.security import AuthenticationMiddleware, AuthorizationMiddleware, KeyRing
from service.settings import Settings

# What a browser plugin may read from our answers, and send with its requests.
EXPOSED_HEADERS = [
    "X-Request-ID",
    "ETag",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "Idempotent-Replayed",
]
ALLOWED_HEADERS = [
    "Authorization",
    "X-API-Key",
    "Content-Type",
    "Accept",
    "Idempotency-Key",
    "X-Request-ID",
    "If-None-Match",
]


@dataclass
class EdgeStores:
    """Where the limiter's buckets and the idempotency records live: memory or Redis."""

    buckets: Buckets
    idempotency: IdempotencyStore

    @classmethod
    def from_settings(cls, settings: Settings) -> "EdgeStores":
        if settings.redis_url:
            return cls(RedisBuckets(settings.redis_url), RedisIdempotencyStore(settings.redis_url))
        records = MemoryIdempotencyStore(
            max_entries=settings.idempotency_max_entries,
            max_bytes=settings.idempotency_max_bytes,
        )
        return cls(MemoryBuckets(), records)

    async def close(self) -> None:
        await self.buckets.close()
        await self.idempotency.close()


def edge_middleware(settings: Settings, keys: KeyRing, stores: EdgeStores) -> list[ASGIMiddleware]:
    # The content type first: a write a browser could send cross-site is refused before anything.
    middleware: list[ASGIMiddleware] = [
        AllowHeaderMiddleware(),
        ContentTypeMiddleware(),
        AuthenticationMiddleware(keys),
    ]
    if settings.rate_limit_per_minute > 0:
        middleware.append(RateLimitMiddleware(stores.buckets, settings.rate_limit_per_minute))
    middleware.append(AuthorizationMiddleware())
    middleware.append(CheckBudgetMiddleware(settings.check_budget_ms))
    middleware.append(
        IdempotencyMiddleware(
            stores.idempotency,
            ttl_seconds=settings.idempotency_ttl_seconds,
            max_body_bytes=settings.max_body_bytes,
        )
    )
    return middleware


def cors_config(settings: Settings) -> CORSConfig | None:
    if not settings.cors_origins:
        return None  # no CORS headers at all: browsers keep their same-origin rule
    return CORSConfig(
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,  # keys travel in headers, never in cookies
        max_age=600,
    )
