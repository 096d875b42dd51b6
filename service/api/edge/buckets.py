"""Rate-limit buckets: GCRA (a token bucket kept as one timestamp), in memory or in Redis.

GCRA stores, per client, the "theoretical arrival time" (TAT) of its next request: each request
pushes it one emission interval (period / limit) forward, and a request is refused while that
would put it more than one period ahead of now. This gives a burst of `limit` requests and then
a steady `limit` per period, with one number per client and no background refill.

The in-memory bucket counts per process: with several workers or replicas each counts alone,
so a client gets up to `limit` times their number. Set FACTCHECK_REDIS_URL to share one count;
the Redis bucket runs the same arithmetic in a Lua script, on the Redis server's clock, so
replicas with skewed clocks agree.
"""

import math
import time
from typing import Protocol

import msgspec

# Float timestamps: absorb rounding so that exactly `limit` requests fit in a burst.
EPSILON = 1e-6
# Past this many clients, drop those whose bucket is full again (they hold no information).
PRUNE_AT = 100_000


class Decision(msgspec.Struct, frozen=True):
    allowed: bool
    limit: int
    remaining: int
    reset_after: float  # seconds until the bucket is full again
    retry_after: float = 0.0  # seconds until the next request would be allowed

    def headers(self, period: float) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(math.ceil(self.reset_after)),
            "RateLimit-Policy": f"{self.limit};w={round(period)}",
        }


def gcra(tat: float | None, now: float, limit: int, period: float) -> tuple[Decision, float]:
    """The decision for a request at `now`, and the client's TAT afterwards."""
    interval = period / limit
    tat = now if tat is None else max(tat, now)
    new_tat = tat + interval
    allow_at = new_tat - period
    if now + EPSILON < allow_at:
        return Decision(False, limit, 0, tat - now, retry_after=allow_at - now), tat
    remaining = math.floor((now - allow_at) / interval + EPSILON)
    return Decision(True, limit, remaining, new_tat - now), new_tat


class Buckets(Protocol):
    async def take(self, client: str, limit: int, period: float) -> Decision:
        """Spend one request of `client`'s allowance."""

    async def close(self) -> None: ...


class MemoryBuckets:
    """Per-process buckets (the default)."""

    def __init__(self, clock: "Clock | None" = None) -> None:
        self._tats: dict[str, float] = {}
        self._clock = clock or time.monotonic

    async def take(self, client: str, limit: int, period: float) -> Decision:
        now = self._clock()
        decision, self._tats[client] = gcra(self._tats.get(client), now, limit, period)
        if len(self._tats) > PRUNE_AT:
            self._tats = {key: tat for key, tat in self._tats.items() if tat > now}
        return decision

    async def close(self) -> None:
        self._tats.clear()


class Clock(Protocol):
    def __call__(self) -> float: ...


# KEYS[1]: the client's key. ARGV: limit, period in seconds. Returns allowed, remaining,
# reset_after and retry_after (floats as strings: Lua numbers become integers in replies).
# The TAT is stored with microseconds: Lua's tostring keeps 14 digits, a tenth of a
# millisecond of an epoch time, which made the fifth of a burst of five look early.
GCRA_SCRIPT = """
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local interval = period / limit
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - period
if now + 1e-6 < allow_at then
  return {0, 0, tostring(tat - now), tostring(allow_at - now)}
end
redis.call('SET', KEYS[1], string.format('%.6f', new_tat), 'PX', math.ceil((new_tat - now) * 1000))
local remaining = math.floor((now - allow_at) / interval + 1e-6)
return {1, remaining, tostring(new_tat - now), '0'}
"""


class RedisBuckets:
    """Buckets shared by every process and replica that uses the same Redis."""

    def __init__(self, url: str, *, prefix: str = "factcheck:ratelimit:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self._script = self._redis.register_script(GCRA_SCRIPT)
        self._prefix = prefix

    async def take(self, client: str, limit: int, period: float) -> Decision:
        reply = await self._script(keys=[self._prefix + client], args=[limit, period])
        allowed, remaining, reset_after, retry_after = reply
        return Decision(
            bool(int(allowed)),
            limit,
            int(remaining),
            float(reset_after),
            retry_after=float(retry_after),
        )

    async def close(self) -> None:
        await self._redis.aclose()
