"""Answer from inside a middleware with the one problem+json shape, plus the edge's headers.

Middlewares send these themselves instead of raising: a raised exception would skip the
headers a rejection needs (`WWW-Authenticate`, `Retry-After`, `RateLimit-*`).
"""

from typing import Any

from litestar import Request
from litestar.types import Receive, Scope, Send

from service.api.problems import problem, problem_response


async def reject(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    detail: str,
    *,
    kind: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> None:
    request: Request[Any, Any, Any] = Request(scope, receive)
    response = problem_response(request, problem(status, detail, kind=kind, **extra))
    response.headers.update(headers or {})
    await response.to_asgi_response(app=None, request=request)(scope, receive, send)
