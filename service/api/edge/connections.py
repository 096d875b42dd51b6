"""The HTTP connection itself: limits that hold before a request reaches the app.

uvicorn's httptools protocol takes headers of any size and waits for the rest of a request
forever: a 100 MB header never answered, and thousands of half-sent requests stayed open. This
protocol adds, per connection:
- at most `max_header_bytes` of request line and headers, and `max_headers` header lines:
  431 beyond either, then the connection is closed;
- `header_timeout_seconds` from the connection's start (or the previous response) to the end
  of the headers, and `body_timeout_seconds` from there to the end of the body: 408 when the
  app has not answered yet, and the connection is closed either way.
The number of connections a worker holds is capped by uvicorn's `limit_concurrency`
(`max_connections`): beyond it new requests get 503.
"""

import asyncio
import functools
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.settings import Settings


class ConnectionLimits:
    def __init__(self, settings: Settings) -> None:
        self.max_header_bytes = settings.max_header_bytes
        self.max_headers = settings.max_headers
        self.header_timeout = settings.header_timeout_seconds
        self.body_timeout = settings.body_timeout_seconds


@functools.cache
def current_limits() -> ConnectionLimits:
    # uvicorn builds the protocol from its class alone (in each worker process): the limits
    # come from the same FACTCHECK_* environment as the app's settings.
    return ConnectionLimits(Settings.from_env())


class _Refused(Exception):
    """Stops the parser: the connection has been answered and is closing."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = current_limits()
        self._header_bytes = 0
        self._header_lines = 0
        self._in_headers = True  # bytes received now belong to a request line or headers
        self._refused = False
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.limits.header_timeout)  # a connection that never sends a byte, too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # The parser hands a header over only once it is complete, holding the bytes until
        # then: the bytes are counted here, as they come, and fed no further than the bound.
        while data and not self._refused:
            if not self._in_headers:
                super().data_received(data)
                return
            room = self.limits.max_header_bytes - self._header_bytes
            if room <= 0:
                self._too_large(
                    f"the request line and headers exceed {self.limits.max_header_bytes} bytes"
                )
                return
            piece, data = data[:room], data[room:]
            self._header_bytes += len(piece)
            super().data_received(piece)

    def send_400_response(self, msg: str) -> None:
        if not self._refused:  # a refusal of ours already answered
            super().send_400_response(msg)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_lines = 0
        self._arm(self.limits.header_timeout)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_lines += 1
        if self._header_lines > self.limits.max_headers:
            self._too_large(f"the request has more than {self.limits.max_headers} header lines")
            raise _Refused("too many header lines")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_headers = False
        self._header_bytes = 0
        self._arm(self.limits.body_timeout)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self._in_headers = True  # what follows is the next request
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            self._arm(self.limits.header_timeout)

    def _too_large(self, detail: str) -> None:
        self._refuse(431, "Request Header Fields Too Large", detail, "headers-too-large")

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started:
            self.transport.close()  # the app answered; the client stopped sending its body
            return
        if cycle is not None and not cycle.response_complete:
            # As a lost connection does: the app, waiting for the body, reads a disconnect,
            # and whatever it sends later is dropped.
            cycle.disconnected = True
            cycle.message_event.set()
        detail = "the request was not received in time"
        self._refuse(408, "Request Timeout", detail, "request-timeout")

    def _refuse(self, status: int, phrase: str, detail: str, kind: str) -> None:
        self._refused = True
        self._disarm()
        body = json.dumps(
            {
                "type": f"https://factcheck.dev/problems/{kind}",
                "title": phrase,
                "status": status,
                "detail": detail,
            }
        ).encode()
        head = (
            f"HTTP/1.1 {status} {phrase}\r\n"
            "content-type: application/problem+json\r\n"
            f"content-length: {len(body)}\r\n"
            "connection: close\r\n\r\n"
        ).encode()
        self.transport.write(head + body)
        self.transport.close()
