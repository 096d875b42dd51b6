"""When to try a request again, and how long to wait first (shared by both clients).

A request is retried only when doing it twice is harmless: reads and checks always, writes
only with an `Idempotency-Key` (the clients send one with every write), so the service
answers a retried write once and stores it once. The wait is the service's `Retry-After`
when it gives one, else an exponential backoff with jitter.
"""

import email.utils
import random
import time
from dataclasses import dataclass

import httpx

# 429 rate limited, 503 busy or not ready, 502/504 a proxy in front lost the replica; 409 is
# "the first request with this Idempotency-Key is still running" (it comes with Retry-After).
RETRY_STATUSES = frozenset({409, 429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # in all, the first included
    backoff: float = 0.5  # seconds before the second attempt; doubles after each
    max_wait: float = 30.0  # never sleep longer than this, whatever Retry-After says

    def should_retry(self, attempt: int, response: httpx.Response, idempotent: bool) -> bool:
        if attempt + 1 >= self.attempts or not idempotent:
            return False
        if response.status_code == 409:
            return "retry-after" in response.headers
        return response.status_code in RETRY_STATUSES

    def can_retry_error(self, attempt: int, idempotent: bool) -> bool:
        return idempotent and attempt + 1 < self.attempts

    def wait(self, attempt: int, response: httpx.Response | None = None) -> float:
        if response is not None:
            told = retry_after(response.headers.get("retry-after"))
            if told is not None:
                return min(told, self.max_wait)
        exponential = self.backoff * 2**attempt
        jittered: float = exponential * (0.5 + random.random() / 2)
        return min(jittered, self.max_wait)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
