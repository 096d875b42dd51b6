"""Operations: liveness and readiness, for load balancers and orchestrators; metrics for
Prometheus."""

from typing import Annotated

import msgspec
from litestar import Response, get
from litestar.handlers import HTTPRouteHandler
from msgspec import Meta

from service.api.deps import ServicesDep
from service.api.metrics import TEXT_FORMAT, Metrics
from service.api.policy import PUBLIC, SCRAPE
from service.api.problems import problem, responses
from service.errors import StoreUnavailable


class Health(msgspec.Struct):
    """The process answers."""

    status: Annotated[str, Meta(description='"ok".')]


class Readiness(msgspec.Struct):
    """Whether this process can serve: its store, index and semantic matching."""

    status: Annotated[str, Meta(description='"ready" (otherwise the answer is a 503 problem).')]
    store: Annotated[bool, Meta(description="True: the store answers and is migrated.")]
    index_revision: Annotated[
        int, Meta(description="The store revision the search index has reached.")
    ]
    store_revision: Annotated[int, Meta(description="The store's current revision.")]
    claims_indexed: Annotated[int, Meta(description="Claims in the search index.")]
    # Semantic matching (None when off): claims embedded, and stored claims waiting to be.
    semantic: Annotated[bool, Meta(description="True when semantic matching is on.")] = False
    claims_embedded: Annotated[
        int | None, Meta(description="Claims with a vector; absent when semantic matching is off.")
    ] = None
    embedding_backlog: Annotated[
        int | None,
        Meta(description="Stored claims waiting for a vector; absent when it is off."),
    ] = None


@get("/health", opt=PUBLIC, summary="The process is alive", tags=["ops"])
async def health() -> Health:
    return Health(status="ok")


@get(
    "/ready",
    opt=PUBLIC,
    summary="Store reachable, migrations applied",
    tags=["ops"],
    responses=responses(503),
)
async def ready(services: ServicesDep) -> Response[Readiness]:
    try:
        ok = await services.store.ready()
        store_revision = await services.store.revision() if ok else -1
    except StoreUnavailable:
        ok, store_revision = False, -1
    if not ok:
        body = problem(503, "the store is not reachable or not migrated", kind="not-ready")
        return Response(body, status_code=503, media_type="application/problem+json")  # type: ignore[arg-type]
    semantic = services.semantic
    return Response(
        Readiness(
            status="ready",
            store=True,
            index_revision=services.index.revision,
            store_revision=store_revision,
            claims_indexed=len(services.index),
            semantic=semantic is not None,
            claims_embedded=len(semantic.sync.vectors) if semantic else None,
            embedding_backlog=semantic.backlog if semantic else None,
        )
    )


def metrics_route(metrics: Metrics) -> HTTPRouteHandler:
    @get(
        "/metrics",
        opt=SCRAPE,
        summary="Prometheus metrics of this process",
        tags=["ops"],
        media_type=TEXT_FORMAT,
        include_in_schema=False,
        responses=responses(503),
    )
    async def serve_metrics(services: ServicesDep) -> Response[bytes]:
        return Response(await metrics.render(services), media_type=TEXT_FORMAT)

    return serve_metrics
