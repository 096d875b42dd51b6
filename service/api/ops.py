"""Operations: liveness and readiness, for load balancers and orchestrators."""

import msgspec
from litestar import Response, get

from service.api.deps import ServicesDep
from service.api.policy import PUBLIC
from service.api.problems import problem, responses
from service.errors import StoreUnavailable


class Health(msgspec.Struct):
    status: str


class Readiness(msgspec.Struct):
    status: str
    store: bool
    index_revision: int
    store_revision: int
    claims_indexed: int
    # Semantic matching (None when off): claims embedded, and stored claims waiting to be.
    semantic: bool = False
    claims_embedded: int | None = None
    embedding_backlog: int | None = None


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
