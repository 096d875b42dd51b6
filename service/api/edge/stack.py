"""The hardened edge, assembled from Settings: middleware in order, CORS, and its OpenAPI.

Order of the per-route middleware, outermost first, and why:
1. authentication: who is calling (a key, or an address), and may they call this route;
2. rate limit: counts a valid key as itself, anyone else by address, wrong keys included;
3. authorization: the 401 or 403 decided in 1, so nothing below runs for such a caller;
4. check budget: around the handler only;
5. idempotency: innermost, so a replay is still authenticated, authorized and counted.
Request ids, logs and metrics sit outside all of this (see `observability.observe`).
"""

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass

import msgspec
from litestar.config.cors import CORSConfig
from litestar.middleware import ASGIMiddleware
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Reference,
    Schema,
    SecurityScheme,
)
from litestar.openapi.spec.enums import OpenAPIType

import schemas
from service.api.edge.allow import AllowHeaderMiddleware
from service.api.edge.buckets import Buckets, MemoryBuckets, RedisBuckets
from service.api.edge.guard import ContentTypeMiddleware
from service.api.edge.idempotency import (
    IdempotencyMiddleware,
    IdempotencyStore,
    MemoryIdempotencyStore,
    RedisIdempotencyStore,
)
from service.api.edge.limits import CheckBudgetMiddleware, RateLimitMiddleware
from service.api.edge.security import AuthenticationMiddleware, AuthorizationMiddleware, KeyRing
from service.api.policy import RoutePolicy
from service.api.problems import PROBLEM_JSON
from service.settings import Settings

# What a browser plugin may read from our answers, and send with its requests.
EXPOSED_HEADERS = [
    "X-Request-ID",
    "ETag",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "Idempotent-Replayed",
]
ALLOWED_HEADERS = [
    "Authorization",
    "X-API-Key",
    "Content-Type",
    "Accept",
    "Idempotency-Key",
    "X-Request-ID",
    "If-None-Match",
]
SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}]


@dataclass
class EdgeStores:
    """Where the limiter's buckets and the idempotency records live: memory or Redis."""

    buckets: Buckets
    idempotency: IdempotencyStore

    @classmethod
    def from_settings(cls, settings: Settings) -> "EdgeStores":
        if settings.redis_url:
            return cls(RedisBuckets(settings.redis_url), RedisIdempotencyStore(settings.redis_url))
        records = MemoryIdempotencyStore(
            max_entries=settings.idempotency_max_entries,
            max_bytes=settings.idempotency_max_bytes,
        )
        return cls(MemoryBuckets(), records)

    async def close(self) -> None:
        await self.buckets.close()
        await self.idempotency.close()


def edge_middleware(settings: Settings, keys: KeyRing, stores: EdgeStores) -> list[ASGIMiddleware]:
    # The content type first: a write a browser could send cross-site is refused before anything.
    middleware: list[ASGIMiddleware] = [
        AllowHeaderMiddleware(),
        ContentTypeMiddleware(),
        AuthenticationMiddleware(keys),
    ]
    if settings.rate_limit_per_minute > 0:
        middleware.append(RateLimitMiddleware(stores.buckets, settings.rate_limit_per_minute))
    middleware.append(AuthorizationMiddleware())
    middleware.append(CheckBudgetMiddleware(settings.check_budget_ms))
    middleware.append(
        IdempotencyMiddleware(
            stores.idempotency,
            ttl_seconds=settings.idempotency_ttl_seconds,
            max_body_bytes=settings.max_body_bytes,
        )
    )
    return middleware


def cors_config(settings: Settings) -> CORSConfig | None:
    if not settings.cors_origins:
        return None  # no CORS headers at all: browsers keep their same-origin rule
    return CORSConfig(
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,  # keys travel in headers, never in cookies
        max_age=600,
    )


def document_edge(
    openapi: OpenAPI,
    policies: Mapping[tuple[str, str], RoutePolicy],
    *,
    secured: bool,
    rate_limited: bool,
) -> None:
    """Declare what the edge adds: keys, 401, 403 and 429 on gated routes, 400 for bodies that
    are not JSON, and that inputs refuse unknown fields (msgspec `forbid_unknown_fields`)."""
    components = openapi.components
    if not isinstance(components, Components):
        components = openapi.components = Components()
    for name, schema in (components.schemas or {}).items():
        struct = wire_structs().get(name)
        if struct is None:
            continue
        if struct.__struct_config__.forbid_unknown_fields:
            schema.additional_properties = False
        _restore_zero_lower_bounds(struct, schema)
        _restore_bounds_in_unions(struct, schema)
    if secured:
        components.security_schemes = {
            "bearer": SecurityScheme(type="http", scheme="bearer"),
            "apiKey": SecurityScheme(type="apiKey", name="X-API-Key", security_scheme_in="header"),
        }
    for path, item in (openapi.paths or {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            operation: Operation | None = getattr(item, method)
            if operation is None:
                continue
            policy = policies[(path, method)]
            if policy.scope != "public":
                limited = rate_limited and policy.rate_limited
                _gate(operation, secured=secured, rate_limited=limited)


@functools.cache
def wire_structs() -> dict[str, type[msgspec.Struct]]:
    """The wire types by schema name: the class name, or `module_Class` when two modules of
    `schemas` define the same name (litestar's rule)."""
    found: dict[str, type[msgspec.Struct]] = {}
    for module_info in pkgutil.iter_modules(schemas.__path__):
        module = importlib.import_module(f"schemas.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == module.__name__
            ):
                found[value.__name__] = value
                found[f"{module_info.name}_{value.__name__}"] = value
    return found


def _restore_zero_lower_bounds(struct: type[msgspec.Struct], schema: Schema) -> None:
    """litestar 2.25 drops `ge=0` from schemas (it tests the bound for truth): put it back."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        return
    for field in info.fields:
        kinds = field.type.types if isinstance(field.type, msgspec.inspect.UnionType) else ()
        for kind in (field.type, *kinds):
            if getattr(kind, "ge", None) == 0 and field.encode_name in (schema.properties or {}):
                prop = (schema.properties or {})[field.encode_name]
                if isinstance(prop, Schema) and prop.minimum is None:
                    prop.minimum = 0


def _restore_bounds_in_unions(struct: type[msgspec.Struct], schema: Schema) -> None:
    """litestar 2.25 drops the constraints of a list, or of a string, that sits in a union with
    another non-null type (`Thing | list[Thing]`, `float | str`): put them on the array or
    string branch, or the document calls `[]` and `""` valid where the service refuses them."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        return
    for field in info.fields:
        kind = field.type.type if isinstance(field.type, msgspec.inspect.Metadata) else field.type
        prop = (schema.properties or {}).get(field.encode_name)
        if not isinstance(kind, msgspec.inspect.UnionType) or not isinstance(prop, Schema):
            continue
        for member in kind.types:
            if isinstance(member, msgspec.inspect.ListType):
                set_array_bounds(prop, member.min_length, member.max_length)
                if isinstance(member.item_type, msgspec.inspect.StrType):
                    for branch in _array_branches(prop):
                        if isinstance(branch.items, Schema):
                            _set_string_constraints(branch.items, member.item_type)
            elif isinstance(member, msgspec.inspect.StrType):
                _set_string_constraints(prop, member)
            elif isinstance(member, msgspec.inspect.FloatType):
                for branch in _branches(prop, OpenAPIType.NUMBER):
                    branch.minimum = member.ge if branch.minimum is None else branch.minimum
                    branch.maximum = member.le if branch.maximum is None else branch.maximum


def set_array_bounds(schema: Schema, min_items: int | None, max_items: int | None) -> None:
    """Bound the array branches of a `oneOf`/`anyOf` schema (other branches are not arrays)."""
    for branch in _array_branches(schema):
        branch.min_items = min_items if branch.min_items is None else branch.min_items
        branch.max_items = max_items if branch.max_items is None else branch.max_items


def _array_branches(schema: Schema) -> list[Schema]:
    return _branches(schema, OpenAPIType.ARRAY)


def _branches(schema: Schema, kind: OpenAPIType) -> list[Schema]:
    """The branches of a `oneOf`/`anyOf` schema of type `kind`."""
    branches = (*(schema.one_of or ()), *(schema.any_of or ()))
    return [b for b in branches if isinstance(b, Schema) and b.type == kind]


def _set_string_constraints(schema: Schema, kind: msgspec.inspect.StrType) -> None:
    """On a string schema, or on the string branches of a union's schema."""
    if (schema.pattern, schema.min_length, schema.max_length) != (None, None, None):
        return  # litestar kept them, on the union itself (`str | None`)
    union = bool(schema.one_of or schema.any_of)
    for target in _branches(schema, OpenAPIType.STRING) if union else [schema]:
        target.pattern = kind.pattern
        target.min_length = kind.min_length
        target.max_length = kind.max_length


def _gate(operation: Operation, *, secured: bool, rate_limited: bool) -> None:
    responses = operation.responses if operation.responses is not None else {}
    # litestar declares its 400 as application/json; every error here is problem+json.
    if operation.request_body is not None or "400" in responses:
        responses["400"] = _problem("The body is not JSON (or not UTF-8), or a bad request")
    if operation.request_body is not None:
        responses["415"] = _problem("The body is not sent as JSON (Content-Type)")
    if operation.parameters and "422" not in responses:
        responses["422"] = _problem("A parameter is out of its range or malformed")
    if secured:
        operation.security = SECURITY
        responses["401"] = _problem("Missing or invalid API key")
        responses["403"] = _problem("The API key lacks the scope this route needs")
    if rate_limited:
        retry_after = OpenAPIHeader(
            schema=Schema(type=OpenAPIType.INTEGER), description="Seconds to wait."
        )
        responses["429"] = _problem("Too many requests", headers={"Retry-After": retry_after})
    operation.responses = responses


def _problem(description: str, headers: dict[str, OpenAPIHeader] | None = None) -> OpenAPIResponse:
    schema = Reference("#/components/schemas/Problem")
    return OpenAPIResponse(
        description=description,
        headers=dict(headers) if headers else None,
        content={PROBLEM_JSON: OpenAPIMediaType(schema=schema)},
    )
