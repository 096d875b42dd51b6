"""The OpenAPI document completed in one pass: litestar derives it from the handlers, and this
adds what it cannot know. Called once by `create_app`, after the routes' policies are read.

- `components`: the wire types' descriptions and the constraints litestar drops;
- `operations`: ids, descriptions, recorded examples, the edge's headers and problem answers,
  and the keys and limits on gated routes.
"""

from collections.abc import Mapping

from litestar.openapi.spec import Components, OpenAPI, SecurityScheme

from service.api.openapi.components import document_watch_input, restore_constraints
from service.api.openapi.operations import document_operations, gate_operations
from service.api.policy import RoutePolicy
from service.watches.callbacks import CallbackPolicy


def document(
    openapi: OpenAPI,
    policies: Mapping[tuple[str, str], RoutePolicy],
    *,
    secured: bool,
    rate_limited: bool,
    callbacks: CallbackPolicy,
) -> None:
    components = openapi.components
    if not isinstance(components, Components):
        components = openapi.components = Components()
    restore_constraints(components)
    if secured:
        components.security_schemes = {
            "bearer": SecurityScheme(type="http", scheme="bearer"),
            "apiKey": SecurityScheme(type="apiKey", name="X-API-Key", security_scheme_in="header"),
        }
    gate_operations(openapi, policies, secured=secured, rate_limited=rate_limited)
    document_operations(openapi, policies)
    document_watch_input(openapi, callbacks)
