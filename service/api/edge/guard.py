"""Checks on every request: the Host is ours, the path is a path, the Accept header is one
the negotiation can read (before routing, `RequestGuard`); a write says it is JSON (after
routing, so that unknown paths stay 404 and undeclared methods 405: `ContentTypeMiddleware`).

- Host: a page on another site can make a browser send requests to a service on the
  journalist's machine by pointing its own name at 127.0.0.1 (DNS rebinding); the request then
  carries that site's name as Host. Only names on an allow-list are answered (loopback names by
  default, `FACTCHECK_ALLOWED_HOSTS`, and the host of `FACTCHECK_PUBLIC_URL`). The probes
  `/health` and `/ready` hold no data and are answered whatever the Host (load balancers probe
  by address).
- Content-Type: browsers send `text/plain`, form-encoded and multipart bodies cross-site without
  asking first (no CORS preflight), so a write that accepted them could be posted by any page.
  A write must name a JSON type (NDJSON on bulk), which a browser only sends after a preflight
  that the CORS policy refuses: 415 otherwise, with `Accept` naming what is taken.
- Paths with a NUL, or a segment longer than a file name can be, name nothing: 404 here rather
  than an error from the file system; ids are ASCII digits (`int()` would read `١` as 1).
- `Accept` q-values outside 0..1 (`q=inf`, `q=1e400`) are dropped to the default, as RFC 9110
  allows for a malformed weight, instead of breaking the content negotiation.
- A refused CORS preflight answers problem+json like every other refusal.
"""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Empty, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from service.api.edge.rejections import reject
from service.settings import Settings

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
PROBES = frozenset({"/health", "/ready"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_TYPES = ("application/json", "application/ld+json")
NDJSON = "application/x-ndjson"
BULK_PATH = "/v1/reports/bulk"
MAX_SEGMENT_BYTES = 255  # NAME_MAX: no file, and no id, has a longer name
# A weight as RFC 9110 spells it: 0 to 1, three decimals at most. Bounded: linear time.
_QVALUE = re.compile(r"^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$")


@dataclass(frozen=True)
class HostAllowList:
    names: frozenset[str]
    suffixes: tuple[str, ...]
    any_host: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> "HostAllowList":
        entries = [entry.lower().strip("[]") for entry in settings.allowed_hosts]
        if not entries:
            entries = list(LOOPBACK_NAMES)
        if settings.public_url:
            entries.append((urlsplit(settings.public_url).hostname or "").lower())
        return cls(
            names=frozenset(e for e in entries if not e.startswith(".")),
            suffixes=tuple(e for e in entries if e.startswith(".")),
            any_host=("*" in entries),
        )

    def allows(self, host_header: str) -> bool:
        if self.any_host:
            return True
        name = host_name(host_header)
        return bool(name) and (
            name in self.names or any(name.endswith(s) or name == s[1:] for s in self.suffixes)
        )


def host_name(host_header: str) -> str:
    """`Example.org:8000` -> `example.org`; `[::1]:8000` -> `::1`."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def accepted_types(path: str) -> tuple[str, ...]:
    return (*JSON_TYPES, NDJSON) if path.rstrip("/") == BULK_PATH else JSON_TYPES


def sane_accept(value: str) -> str | None:
    """The Accept header with malformed weights dropped; None when it needs no change."""
    changed = False
    ranges: list[str] = []
    for item in value.split(","):
        params = item.split(";")
        kept = [params[0]]
        for param in params[1:]:
            name, _, weight = param.strip().partition("=")
            if name.lower() == "q" and not _QVALUE.match(weight.strip()):
                changed = True
                continue
            kept.append(param)
        ranges.append(";".join(kept))
    return ",".join(ranges) if changed else None


class RequestGuard:
    """An ASGI layer outside routing, so that it sees every request (404s included)."""

    def __init__(self, app: ASGIApp, hosts: HostAllowList) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        headers = Headers.from_scope(scope)
        path = scope["path"]
        if path not in PROBES and not self.hosts.allows(headers.get("host", "")):
            detail = "this service does not answer to that Host; see FACTCHECK_ALLOWED_HOSTS"
            await reject(scope, receive, send, 400, detail, kind="host-not-allowed")
            return
        if _names_nothing(path):
            await reject(scope, receive, send, 404, "no such resource", kind="not-found")
            return
        method = str(scope.get("method", "GET"))
        accept = sane_accept(headers.get("accept", ""))
        if accept is not None:
            scope["headers"] = [
                (k, accept.encode("latin-1") if k.lower() == b"accept" else v)
                for k, v in scope["headers"]
            ]
            ScopeState.from_scope(scope).headers = Empty  # read again, from the new list
        if method == "OPTIONS" and "access-control-request-method" in headers:
            await self.app(scope, receive, _preflight_as_problem(scope, receive, send))
            return
        await self.app(scope, receive, send)


class ContentTypeMiddleware(ASGIMiddleware):
    """415 for a write whose body is not declared JSON. Per route, after routing: an unknown
    path stays a 404 and an undeclared method a 405."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if str(scope.get("method", "GET")) not in WRITE_METHODS:
            await next_app(scope, receive, send)
            return
        headers = Headers.from_scope(scope)
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        accepted = accepted_types(scope["path"])
        if media_type in accepted:
            await next_app(scope, receive, send)
            return
        named = ", ".join(accepted)
        said = f"`{media_type}`" if media_type else "no Content-Type"
        detail = f"the body must be sent as one of {named}; got {said}"
        extra = {"Accept": named, "Accept-Post": named}
        await reject(
            scope, receive, send, 415, detail, kind="unsupported-media-type", headers=extra
        )


def _names_nothing(path: str) -> bool:
    if "\x00" in path:
        return True
    for segment in path.split("/"):
        if len(segment.encode("utf-8", "surrogatepass")) > MAX_SEGMENT_BYTES:
            return True
        if segment.isdecimal() and not segment.isascii():
            return True
    return False


def _preflight_as_problem(scope: Scope, receive: Receive, send: Send) -> Send:
    """litestar refuses a preflight in text/plain: say the same in problem+json."""
    held: dict[str, Any] = {}

    async def send_problem(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] >= 400:
            held["status"] = message["status"]
            return
        if "status" not in held:
            await send(message)
            return
        held.setdefault("body", b"")
        held["body"] += message.get("body", b"")
        if not message.get("more_body", False):
            detail = held["body"].decode("utf-8", "replace") or "the preflight is refused"
            await reject(scope, receive, send, held["status"], detail, kind="cors-refused")

    return send_problem
