"""HTTP conveniences every answer gets: `ETag` with `If-None-Match` (304) on GETs, and gzip
for large answers to clients that accept it.

Both buffer an answer (answers are bounded: pages of at most 500 items, reports of at most
200,000 characters). The ETag is taken from the uncompressed body, so it names the
representation whatever the encoding; gzip is written with mtime 0, so the same answer
compresses to the same bytes. Large bodies are compressed off the event loop.
"""

import asyncio
import gzip
import hashlib
from typing import Any, cast

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

MIN_GZIP_BYTES = 1024
THREAD_GZIP_BYTES = 256 * 1024
COMPRESSIBLE = (
    "application/json",
    "application/problem+json",
    "application/ld+json",
    "application/vnd.oai.openapi+json",
    "application/x-ndjson",
    "text/",
    "application/javascript",
)


Start = dict[str, Any]  # an http.response.start message, edited in place


class _Buffered:
    def __init__(self) -> None:
        self.start: Start | None = None
        self.body = bytearray()
        self.streaming = False


async def _buffer(
    scope: Scope, receive: Receive, send: Send, next_app: ASGIApp
) -> tuple[Start, bytes] | None:
    """The answer's start and whole body; None when it streamed (files, for instance), in
    which case it went to `send` untouched: a stream is passed through as it comes, since
    it may wait for the client before it ends."""
    seen = _Buffered()

    async def collect(message: Message) -> None:
        if seen.streaming:
            await send(message)
        elif message["type"] == "http.response.start":
            seen.start = cast("Start", message)
        elif message["type"] == "http.response.body":
            if message.get("more_body", False) and seen.start is not None:
                seen.streaming = True
                await send(cast("Message", seen.start))
                chunk = bytes(seen.body) + message.get("body", b"")
                await send(cast("Message", {**message, "body": chunk}))
            else:
                seen.body.extend(message.get("body", b""))
        else:
            await send(message)

    await next_app(scope, receive, collect)
    if seen.streaming:
        return None
    if seen.start is None:
        raise RuntimeError("the app sent no response")
    return seen.start, bytes(seen.body)


async def _send_whole(send: Send, start: Start, body: bytes) -> None:
    await send(cast("Message", start))
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _replace_headers(start: Start, drop: set[bytes], add: list[tuple[bytes, bytes]]) -> None:
    kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in drop]
    start["headers"] = [*kept, *add]


def _header(start: Start, name: bytes) -> bytes | None:
    for key, value in start.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    offered = [item.strip().removeprefix("W/") for item in if_none_match.split(",")]
    return "*" in offered or tag in offered


class ConditionalGetMiddleware(ASGIMiddleware):
    """A 200 GET answer carries an ETag; asked again with that ETag, the answer is a 304."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if cast("HTTPScope", scope)["method"] not in {"GET", "HEAD"}:
            await next_app(scope, receive, send)
            return
        buffered = await _buffer(scope, receive, send, next_app)
        if buffered is None:
            return
        start, body = buffered
        if start["status"] != 200 or _header(start, b"content-encoding"):
            await _send_whole(send, start, body)
            return
        tag = entity_tag(body)
        if _matches(Headers.from_scope(scope).get("if-none-match", ""), tag):
            start["status"] = 304
            drop = {b"etag", b"content-length", b"content-type"}
            _replace_headers(start, drop, [(b"etag", tag.encode())])
            await _send_whole(send, start, b"")
            return
        _replace_headers(start, {b"etag"}, [(b"etag", tag.encode())])
        await _send_whole(send, start, body)


def _accepts_gzip(accept_encoding: str) -> bool:
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip() in {"gzip", "*"}:
            quality = params.strip().removeprefix("q=")
            return not (params and quality.replace(".", "", 1).strip("0") == "")
    return False


class GzipMiddleware(ASGIMiddleware):
    """JSON and text answers of 1 KiB or more are gzipped for clients that accept it."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if not _accepts_gzip(Headers.from_scope(scope).get("accept-encoding", "")):
            await next_app(scope, receive, send)
            return
        buffered = await _buffer(scope, receive, send, next_app)
        if buffered is None:
            return
        start, body = buffered
        content_type = (_header(start, b"content-type") or b"").decode("latin-1").lower()
        if (
            len(body) < MIN_GZIP_BYTES
            or _header(start, b"content-encoding")
            or not content_type.startswith(COMPRESSIBLE)
        ):
            await _send_whole(send, start, body)
            return
        if len(body) >= THREAD_GZIP_BYTES:
            packed = await asyncio.to_thread(gzip.compress, body, 6, mtime=0)
        else:
            packed = gzip.compress(body, 6, mtime=0)
        vary = _header(start, b"vary")
        vary_value = b"Accept-Encoding" if not vary else vary + b", Accept-Encoding"
        _replace_headers(
            start,
            {b"content-length", b"vary"},
            [
                (b"content-encoding", b"gzip"),
                (b"content-length", str(len(packed)).encode()),
                (b"vary", vary_value),
            ],
        )
        await _send_whole(send, start, packed)
