"""`Allow` on OPTIONS lists every method of the path, as RFC 9110 asks.

litestar 2.25 answers OPTIONS with the methods of one of the routes registered for a path
(`POST` only for `/v1/check`, whose `GET` comes from another handler); the route table knows
them all.
"""

from typing import cast

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send


def allowed_methods(app: Litestar, path_template: str) -> list[str]:
    methods: set[str] = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path_format == path_template:
            methods |= {str(method) for method in route.methods}
    return sorted(methods)


class AllowHeaderMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if cast("HTTPScope", scope)["method"] != "OPTIONS":
            await next_app(scope, receive, send)
            return
        app = Litestar.from_scope(scope)
        allow = ", ".join(allowed_methods(app, scope["path_template"])).encode()

        async def send_with_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and allow:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message["headers"] = [*headers, (b"allow", allow)]
            await send(message)

        await next_app(scope, receive, send_with_allow)
