"""Request ids, one JSON log line per request, and the request metrics.

`X-Request-ID` is taken from the request when it is a sane token (so a proxy's id carries
through) and minted otherwise; it is echoed on every response and stamped on every log line
written while the request runs. The access line holds the request id, method, route template,
path, status, duration, client address and the fingerprint of the API key; never the query
string, the body, or a key.

The observer wraps the whole ASGI app, outside routing and CORS, so 404s, 405s and preflights
are seen too; litestar's per-route middleware would miss them.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from litestar import Litestar
from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.logging.config import LoggingConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.api.edge.security import principal_of
from service.api.metrics import Metrics

HEADER = "x-request-id"
VALID_ID = re.compile(r"^[A-Za-z0-9._:@+=/-]{1,128}$")  # nothing that could forge a log line
UNMATCHED_ROUTE = "unmatched"  # one label for every unknown path: no unbounded cardinality

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
access_log = logging.getLogger("factcheck.access")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id is not None:
            line["request_id"] = request_id
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(level: str) -> LoggingConfig:
    """litestar's logging setup, with the service's own loggers as JSON lines on stderr.

    Loggers are named `factcheck.*` or after their module (`service.*`): both are covered.
    """
    return LoggingConfig(
        formatters={
            "standard": {"format": "%(levelname)s - %(asctime)s - %(name)s - %(message)s"},
            "json": {"()": JsonFormatter},
        },
        handlers={
            "queue_listener": {  # litestar's default, named by its config; nothing uses it here
                "class": "litestar.logging.standard.QueueListenerHandler",
                "formatter": "standard",
            },
            "json": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        loggers={
            "litestar": {"level": "INFO", "handlers": ["json"], "propagate": False},
            "factcheck": {"level": level.upper(), "handlers": ["json"], "propagate": False},
            "service": {"level": level.upper(), "handlers": ["json"], "propagate": False},
        },
        # Libraries' lines (httpx, psycopg, asyncio) too: one format in the whole stream.
        root={"level": "WARNING", "handlers": ["json"]},
    )


def uvicorn_log_config(level: str) -> dict[str, Any]:
    """uvicorn's own lines (start-up, shutdown, worker restarts, protocol errors) as the same
    JSON lines as the service's, for `uvicorn.run(log_config=...)`: one format for a log
    shipper to parse. Its access log stays off; the observer writes a richer one."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {
            name: {"level": level.upper(), "handlers": ["json"], "propagate": False}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }


def request_id_of(headers: Headers) -> str:
    offered = headers.get(HEADER, "")
    return offered if VALID_ID.match(offered) else uuid.uuid4().hex


class RequestObserver:
    """The outermost ASGI layer: request id in, request id out, log line and metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(Headers.from_scope(scope))
        scope["state"]["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        response = _Seen()

        async def observed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                message["headers"] = [*headers, (b"x-request-id", request_id.encode())]
                response.status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            self._record(scope, response, time.perf_counter() - started)
            request_id_var.reset(token)

    def _record(self, scope: Scope, response: "_Seen", seconds: float) -> None:
        method = str(scope.get("method", "GET"))
        route = scope.get("path_template") or UNMATCHED_ROUTE
        status = response.status or 500  # nothing was sent: the client saw the connection drop
        self.metrics.observe(method, route, status, seconds)
        principal = principal_of(scope)
        client = scope.get("client")
        access_log.info(
            "request",
            extra={
                "fields": {
                    "method": method,
                    "route": route,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "client": client[0] if client else None,
                    "key": principal.key_id if principal else None,
                }
            },
        )


class _Seen:
    """What the observer saw of a response."""

    def __init__(self) -> None:
        self.status = 0


def observe(app: Litestar, metrics: Metrics) -> None:
    """Put the observer outside everything litestar built (routing, CORS, error handling)."""
    app.asgi_handler = RequestObserver(app.asgi_handler, metrics)
