"""`Idempotency-Key` on POST writes: a retried request is answered once, written once.

The first request with a key reserves it, runs, and its response (status, body, content
headers) is kept for FACTCHECK_IDEMPOTENCY_TTL_SECONDS. A later request with the same key:
- and the same body gets the stored response again, marked `Idempotent-Replayed: true`, and
  nothing is written a second time;
- and another body gets 422: the key was already used for something else;
- while the first is still running gets 409 with `Retry-After`.
5xx answers are not kept, so a retry after a server error really retries. Keys belong to the
caller (its API key, or its address when the service runs open): one client cannot replay
another's responses.

Why not a database table: records are a bounded-lifetime retry cache, not domain data, and the
storage protocol that two backends implement stays small. The store already makes report writes
safe to repeat (a report with the same external_id, or the same text and source, replaces the
stored one rather than adding another), so a record lost with a crashed process can turn a
replayed "201 created" into "200 replaced", never into a duplicate report. Records live in
memory per process by default; set FACTCHECK_REDIS_URL to share them between workers and
replicas, which is required for the guarantee when there is more than one process.
"""

import hashlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, cast

import msgspec
from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPScope, Message, Receive, ReceiveMessage, Scope, Send
from litestar.types.asgi_types import HTTPRequestEvent
from redis.exceptions import RedisError

from service.api.edge.limits import client_of
from service.api.edge.rejections import reject
from service.api.policy import route_policy

log = logging.getLogger("factcheck.api")

HEADER = "idempotency-key"
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the IETF draft's sf-string
PENDING_TTL_SECONDS = 120.0  # a reservation whose process died frees itself after this
REPLAYED_HEADERS = frozenset({b"content-type", b"location", b"etag"})


class Record(msgspec.Struct, frozen=True, array_like=True):
    fingerprint: str
    status: int = 0  # 0 while the first request is still running
    headers: list[tuple[bytes, bytes]] = []
    body: bytes = b""


class IdempotencyStore(Protocol):
    async def reserve(self, key: str, fingerprint: str) -> Record | None:
        """Reserve `key` for a new request: None when reserved, else the record already held."""

    async def save(self, key: str, record: Record, ttl: float) -> None: ...

    async def release(self, key: str) -> None:
        """Forget a reservation whose request failed, so that a retry runs again."""

    async def close(self) -> None: ...


class MemoryIdempotencyStore:
    """One process's records, bounded in number and in bytes: beyond either bound the least
    recently used record goes first, and expired ones are dropped as new keys arrive.

    A record dropped early only turns a later retry into a new request, which the store makes
    harmless for reports (see above); the process's memory, unbounded, was not (300 bulk posts
    took a worker from 125 to 181 MB).
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_entries: int = 10_000,
        max_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self._records: OrderedDict[str, tuple[float, Record]] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._bytes = 0
        self._clock = clock
        self.max_entries = max_entries
        self.max_bytes = max_bytes

    @property
    def held_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._records)

    async def reserve(self, key: str, fingerprint: str) -> Record | None:
        now = self._clock()
        held = self._records.get(key)
        if held is not None and held[0] > now:
            self._records.move_to_end(key)
            return held[1]
        self._drop_expired(now)
        self._put(key, now + PENDING_TTL_SECONDS, Record(fingerprint))
        return None

    async def save(self, key: str, record: Record, ttl: float) -> None:
        if _size(key, record) > self.max_bytes:  # would push out everything else: not kept
            self._forget(key)
            return
        self._put(key, self._clock() + ttl, record)

    async def release(self, key: str) -> None:
        self._forget(key)

    async def close(self) -> None:
        self._records.clear()
        self._sizes.clear()
        self._bytes = 0

    def _put(self, key: str, expires: float, record: Record) -> None:
        self._forget(key)
        self._records[key] = (expires, record)
        self._sizes[key] = size = _size(key, record)
        self._bytes += size
        while len(self._records) > self.max_entries or self._bytes > self.max_bytes:
            self._forget(next(iter(self._records)))

    def _forget(self, key: str) -> None:
        if self._records.pop(key, None) is not None:
            self._bytes -= self._sizes.pop(key)

    def _drop_expired(self, now: float) -> None:
        if len(self._records) % 1024 == 0:
            for key in [k for k, (expires, _) in self._records.items() if expires <= now]:
                self._forget(key)


# What a record costs beyond its bytes: the dict entries, tuples and objects holding it.
RECORD_OVERHEAD_BYTES = 400


def _size(key: str, record: Record) -> int:
    headers = sum(len(name) + len(value) + 80 for name, value in record.headers)
    return RECORD_OVERHEAD_BYTES + len(key) + len(record.fingerprint) + len(record.body) + headers


class RedisIdempotencyStore:
    """Records shared by every process using the same Redis (SET NX makes reserving atomic)."""

    def __init__(self, url: str, *, prefix: str = "factcheck:idempotency:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self._prefix = prefix

    async def reserve(self, key: str, fingerprint: str) -> Record | None:
        name = self._prefix + key
        pending = msgspec.msgpack.encode(Record(fingerprint))
        for _ in range(3):  # the held record may expire between SET and GET: try again
            if await self._redis.set(name, pending, nx=True, px=int(PENDING_TTL_SECONDS * 1000)):
                return None
            held = await self._redis.get(name)
            if isinstance(held, bytes):
                return msgspec.msgpack.decode(held, type=Record)
        return Record(fingerprint)  # contended beyond reason: report it as still in flight

    async def save(self, key: str, record: Record, ttl: float) -> None:
        await self._redis.set(
            self._prefix + key, msgspec.msgpack.encode(record), px=int(ttl * 1000)
        )

    async def release(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)

    async def close(self) -> None:
        await self._redis.aclose()


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, store: IdempotencyStore, *, ttl_seconds: int, max_body_bytes: int) -> None:
        self.store = store
        self.ttl = float(ttl_seconds)
        self.max_body_bytes = max_body_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        method = cast("HTTPScope", scope)["method"]
        headers = Headers.from_scope(scope)
        idempotency_key = headers.get(HEADER)
        if idempotency_key is None or method != "POST" or route_policy(scope).scope != "write":
            await next_app(scope, receive, send)
            return
        if not VALID_KEY.match(idempotency_key):
            detail = "Idempotency-Key: must be 1 to 255 visible ASCII characters"
            await _unprocessable(scope, receive, send, detail)
            return
        body = await _read_body(receive, self.max_body_bytes)
        if body is None:
            detail = f"the request body is larger than the {self.max_body_bytes} bytes allowed"
            await reject(scope, receive, send, 413, detail, kind="too-large")
            return
        key = _storage_key(client_of(scope), scope["path"], idempotency_key)
        fingerprint = hashlib.sha256(headers.get("content-type", "").encode() + b"\n" + body)
        try:
            record = await self.store.reserve(key, fingerprint.hexdigest())
        except (OSError, RedisError) as exc:
            # Without its records the promise cannot be kept: refuse rather than write twice.
            log.warning("idempotency store unavailable: %s", exc)
            detail = "the idempotency store cannot be reached; retry shortly"
            retry = {"Retry-After": "1"}
            await reject(
                scope, receive, send, 503, detail, kind="idempotency-unavailable", headers=retry
            )
            return
        if record is None:
            await self._run_once(key, fingerprint.hexdigest(), body, scope, receive, send, next_app)
        elif record.fingerprint != fingerprint.hexdigest():
            detail = "Idempotency-Key: this key was already used with a different request body"
            await _unprocessable(scope, receive, send, detail)
        elif record.status == 0:
            detail = "a request with this Idempotency-Key is still being processed; retry shortly"
            retry = {"Retry-After": "1"}
            await reject(scope, receive, send, 409, detail, kind="in-progress", headers=retry)
        else:
            await _replay(record, send)

    async def _run_once(
        self,
        key: str,
        fingerprint: str,
        body: bytes,
        scope: Scope,
        receive: Receive,
        send: Send,
        next_app: ASGIApp,
    ) -> None:
        captured = _Captured()

        async def capturing_send(message: Message) -> None:
            captured.take(message)
            await send(message)

        try:
            await next_app(scope, _replaying(body, receive), capturing_send)
        except BaseException:
            await self.store.release(key)
            raise
        if 200 <= captured.status < 500:
            await self.store.save(key, captured.record(fingerprint), self.ttl)
        else:
            await self.store.release(key)


@dataclass
class _Captured:
    """The response as it was sent, so that it can be sent again."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)

    def take(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    def record(self, fingerprint: str) -> Record:
        kept = [(k, v) for k, v in self.headers if k.lower() in REPLAYED_HEADERS]
        return Record(fingerprint, self.status, kept, b"".join(self.chunks))


def _storage_key(client: str, path: str, idempotency_key: str) -> str:
    return hashlib.sha256(f"{client}\n{path}\n{idempotency_key}".encode()).hexdigest()


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The request body again, for the handler, since this middleware consumed it."""
    delivered = False

    async def replay() -> ReceiveMessage:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return HTTPRequestEvent(type="http.request", body=body, more_body=False)

    return replay


async def _replay(record: Record, send: Send) -> None:
    headers = [
        *record.headers,
        (b"content-length", str(len(record.body)).encode()),
        (b"idempotent-replayed", b"true"),
    ]
    await send({"type": "http.response.start", "status": record.status, "headers": headers})
    await send({"type": "http.response.body", "body": record.body, "more_body": False})


async def _unprocessable(scope: Scope, receive: Receive, send: Send, detail: str) -> None:
    await reject(scope, receive, send, 422, detail, kind="validation", field="Idempotency-Key")
