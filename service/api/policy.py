"""Route policy as metadata on each handler: who may call it, and which limits apply.

A handler (or its controller or router) says its policy in litestar's `opt`:
`@post("/", opt=WRITE)`, `class CheckController(Controller): opt = CHECK`. The edge middleware
(keys and scopes, the rate limit, the check budget, idempotency) and the OpenAPI document read
it from the matched handler, so a new route states its policy where it is written, and a
writing route under a reading path cannot inherit the wrong scope from its URL.

`apply_route_policies(app)`, run by `create_app`, refuses to start an app with a handler that
states no policy: a forgotten policy is a start-up error, not a silent default. The only
handlers given one there are litestar's own OPTIONS handlers, which answer an `Allow` header
and nothing else: they take the policy of their path's GET handler, or `read`. A handler in
an app not built by `create_app` (a test's) falls back to the safest policy, `write`.
"""

from collections.abc import Mapping
from typing import Literal

import msgspec
from litestar import Litestar
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.types import Scope

POLICY_KEY = "factcheck.policy"

Access = Literal["public", "read", "write"]


class RoutePolicy(msgspec.Struct, frozen=True):
    """`scope`: the key scope a caller needs (`public`: none, the route holds no data);
    `rate_limited`: counted against the caller's rate limit; `budget`: the check time budget
    (FACTCHECK_CHECK_BUDGET_MS) bounds it."""

    scope: Access
    rate_limited: bool = True
    budget: bool = False


def policy(scope: Access, *, rate_limited: bool = True, budget: bool = False) -> dict[str, object]:
    """The `opt` of a handler, a controller or a router."""
    return {POLICY_KEY: RoutePolicy(scope, rate_limited=rate_limited, budget=budget)}


# Probes, the API description and the editor page's files hold no data: load balancers, client
# generators and browsers fetch them without a key, and nothing limits them.
PUBLIC = policy("public", rate_limited=False)
READ = policy("read")
WRITE = policy("write")
# Checks only read the index, even when POSTed; they run within the check budget.
CHECK = policy("read", budget=True)
# Scraped on a schedule by the operator: needs a key that reads, is not rate limited.
SCRAPE = policy("read", rate_limited=False)

SAFEST = RoutePolicy("write")


class MissingRoutePolicy(Exception):
    """A route handler states no policy (`opt=`); the app does not start."""


def policy_of(handler: BaseRouteHandler) -> RoutePolicy | None:
    found = handler.opt.get(POLICY_KEY)
    return found if isinstance(found, RoutePolicy) else None


def route_policy(scope: Scope) -> RoutePolicy:
    """The policy of the handler a request was routed to."""
    handler = scope.get("route_handler")
    found = policy_of(handler) if isinstance(handler, BaseRouteHandler) else None
    return found or SAFEST


def apply_route_policies(app: Litestar) -> dict[tuple[str, str], RoutePolicy]:
    """Give litestar's OPTIONS handlers their path's policy, refuse to start if any other
    handler has none, and answer every policy by (OpenAPI path, lower-case method)."""
    policies: dict[tuple[str, str], RoutePolicy] = {}
    missing: list[str] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        by_method = _policies_by_method(route.route_handlers)
        for handler in route.route_handlers:
            found = policy_of(handler)
            if found is None and handler.http_methods == {"OPTIONS"}:
                found = by_method.get("GET") or RoutePolicy("read")
                handler.opt[POLICY_KEY] = found
            if found is None:
                missing.append(f"{', '.join(sorted(handler.http_methods))} {route.path}")
                continue
            for method in handler.http_methods:
                policies[(route.path_format, method.lower())] = found
    if missing:
        raise MissingRoutePolicy(
            "these routes state no policy (opt=READ, WRITE, CHECK, PUBLIC... from "
            f"service.api.policy): {'; '.join(missing)}"
        )
    return policies


def _policies_by_method(handlers: list[HTTPRouteHandler]) -> Mapping[str, RoutePolicy]:
    found: dict[str, RoutePolicy] = {}
    for handler in handlers:
        policy_found = policy_of(handler)
        if policy_found is not None:
            for method in handler.http_methods:
                found[method] = policy_found
    return found
