"""Delivering watch events: signed HTTP POSTs, retried with backoff and jitter, then dead.

At least once: an event is marked delivered only after a 2xx answer, and a deliverer that dies
mid-delivery loses only its lease, after which any replica delivers the event again. Receivers
deduplicate on the event id (also in the `Factcheck-Event-Id` header).
"""

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import msgspec

from schemas.watches import WatchEvent, WatchEventData
from service import __version__
from service.errors import StoreUnavailable
from service.store.base import Store
from service.store.codec import format_timestamp, utc_now
from service.store.watch_records import AttemptOutcome, AttemptRecord, DueEvent
from service.watches.callbacks import CallbackPolicy, CallbackRefused, parse_callback, resolve
from service.watches.pulse import Pulse
from service.watches.signing import SIGNATURE_HEADER, sign

log = logging.getLogger("factcheck.watches")

MAX_BACKOFF_SECONDS = 3_600.0
MAX_RESPONSE_BYTES = 64 * 1024  # read no more of a receiver's answer than this
LEASE_MARGIN_SECONDS = 5.0  # past the timeout: recording the attempt, clocks apart
BATCH = 16
IDLE_POLL_SECONDS = 1.0
_DATA = msgspec.json.Decoder(WatchEventData)


@dataclass(frozen=True)
class DeliveryPolicy:
    callbacks: CallbackPolicy
    timeout: float = 10.0
    first_retry: float = 30.0
    give_up_after: float = 86_400.0


def event_body(event_id: int, created_at: str, payload: str) -> bytes:
    event = WatchEvent(
        id=event_id, type="watch.match", created_at=created_at, data=_DATA.decode(payload)
    )
    return msgspec.json.encode(event)


def backoff(attempt: int, first: float, rand: Callable[[], float] = random.random) -> float:
    """Seconds before retry number `attempt` (1-based): doubling, capped, with jitter so that
    receivers coming back after an outage are not hit by every retry at once."""
    base = min(first * 2.0 ** (attempt - 1), MAX_BACKOFF_SECONDS)
    return float(base * (0.5 + 0.5 * rand()))


class Deliverer:
    def __init__(self, store: Store, policy: DeliveryPolicy, *, wake: Pulse) -> None:
        self._store = store
        self._policy = policy
        self._wake = wake
        self._client = httpx.AsyncClient(
            follow_redirects=False,  # a redirect could lead anywhere, private addresses too
            timeout=policy.timeout,
            headers={"User-Agent": f"factcheck-webhooks/{__version__}"},
            trust_env=False,
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                delivered = await self.deliver_due()
                if delivered == 0:
                    await self._idle()
            except StoreUnavailable as exc:
                log.warning("watch delivery: store unavailable (%s)", exc)
                await _sleep_unless(stop, IDLE_POLL_SECONDS)
            except Exception:
                log.exception("watch delivery failed; retrying")
                await _sleep_unless(stop, IDLE_POLL_SECONDS)

    async def deliver_due(self) -> int:
        now = utc_now()
        lease = now + timedelta(seconds=self._policy.timeout + LEASE_MARGIN_SECONDS)
        due = await self._store.lease_due_events(
            now=format_timestamp(now), lease_until=format_timestamp(lease), limit=BATCH
        )
        await asyncio.gather(*(self._deliver(event) for event in due))
        return len(due)

    async def _idle(self) -> None:
        """Until the next event is due, a new one is recorded here, or a poll interval passes
        (events recorded by other replicas are found by polling)."""
        wait = IDLE_POLL_SECONDS
        next_due = await self._store.next_event_due()
        if next_due is not None:
            seconds = (_parse(next_due) - utc_now()).total_seconds()
            wait = max(0.0, min(wait, seconds))
        await self._wake.wait(wait)

    async def _deliver(self, event: DueEvent) -> None:
        started = time.perf_counter()
        attempted_at = format_timestamp(utc_now())
        status_code: int | None = None
        error: str | None = None
        try:
            status_code = await asyncio.wait_for(self._post(event), self._policy.timeout)
        except CallbackRefused as exc:
            error = f"refused: {exc}"
        except TimeoutError:
            error = f"no answer within {self._policy.timeout:g}s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        attempt = AttemptRecord(
            attempted_at=attempted_at,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
            status_code=status_code,
            error=error,
        )
        await self._store.finish_attempt(self._outcome(event, attempt))

    def _outcome(self, event: DueEvent, attempt: AttemptRecord) -> AttemptOutcome:
        if attempt.status_code is not None and 200 <= attempt.status_code < 300:
            return AttemptOutcome(event_id=event.id, attempt=attempt, status="delivered")
        retry_at = utc_now() + timedelta(
            seconds=backoff(event.attempt_count + 1, self._policy.first_retry)
        )
        give_up_at = _parse(event.created_at) + timedelta(seconds=self._policy.give_up_after)
        if retry_at > give_up_at:
            log.warning(
                "watch event %d is dead after %d attempts", event.id, event.attempt_count + 1
            )
            return AttemptOutcome(event_id=event.id, attempt=attempt, status="dead")
        return AttemptOutcome(
            event_id=event.id,
            attempt=attempt,
            status="pending",
            next_attempt_at=format_timestamp(retry_at),
        )

    async def _post(self, event: DueEvent) -> int:
        target = parse_callback(event.callback_url, self._policy.callbacks)
        address = await resolve(target, self._policy.callbacks)
        body = event_body(event.id, event.created_at, event.payload)
        host = f"[{address}]" if address.version == 6 else str(address)
        headers = {
            "Content-Type": "application/json",
            "Host": target.host if target.port in {80, 443} else f"{target.host}:{target.port}",
            "Factcheck-Event-Id": str(event.id),
            "Factcheck-Event-Type": "watch.match",
        }
        if event.secret:
            headers[SIGNATURE_HEADER] = sign(event.secret, body)
        # Connect to the address just checked; TLS still verifies the certificate for the host.
        request = self._client.build_request(
            "POST",
            f"{target.scheme}://{host}:{target.port}{target.path}",
            content=body,
            headers=headers,
            extensions={"sni_hostname": target.host},
        )
        response = await self._client.send(request, stream=True)
        try:
            read = 0
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read >= MAX_RESPONSE_BYTES:
                    break
        finally:
            await response.aclose()
        return response.status_code


def _parse(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00"))


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
