"""`create_app(settings)`: wiring only. Lifespan opens the services; handlers live in
`api/routes/`, middleware in `api/edge/`, the OpenAPI completion in `api/openapi/`."""

import contextlib
from collections.abc import AsyncIterator

from litestar import Litestar
from litestar.openapi import OpenAPIConfig

from service import __version__
from service.api.deps import DEPENDENCIES
from service.api.edge.conditional import ConditionalGetMiddleware, GzipMiddleware
from service.api.edge.guard import HostAllowList, RequestGuard
from service.api.edge.observability import logging_config, observe
from service.api.edge.security import load_key_ring, refuse_open_exposure
from service.api.edge.stack import EdgeStores, cors_config, edge_middleware
from service.api.metrics import Metrics
from service.api.openapi.document import document
from service.api.openapi.pages import SCHEMA_PATH, docs_router, render_plugins
from service.api.policy import apply_route_policies
from service.api.problems import HANDLERS
from service.api.routes.check import CheckController
from service.api.routes.claimreview import ClaimReviewController
from service.api.routes.claims import ClaimController
from service.api.routes.ops import health, metrics_route, ready
from service.api.routes.reports import ReportController
from service.api.routes.timeline import check_timeline
from service.api.routes.watches import WatchController
from service.matching.semantic.engine import require_weights
from service.runtime import open_services
from service.settings import Settings
from service.watches.callbacks import CallbackPolicy
from service.web.routes import WEB_ROUTES

DESCRIPTION = (
    "Ingest news reports, index their check-worthy claims, and check statements against them: "
    "the claims that support or conflict with a statement, ranked, each with its source report "
    "and the reasons for its label, plus an overall verdict. Errors are RFC 9457 problem+json."
)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    keys = load_key_ring(settings)
    # Here rather than in the CLI, so that every way of starting the app is covered.
    refuse_open_exposure(settings, keys)
    require_weights(settings.semantic)  # FACTCHECK_SEMANTIC=on: no start without valid weights
    edge_stores = EdgeStores.from_settings(settings)
    metrics = Metrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        services = await open_services(settings, observer=metrics)
        app.state.services = services
        try:
            yield
        finally:
            await services.close()
            await edge_stores.close()

    app = Litestar(
        route_handlers=[
            ReportController,
            ClaimController,
            CheckController,
            check_timeline,
            ClaimReviewController,
            WatchController,
            *WEB_ROUTES,
            health,
            ready,
            metrics_route(metrics),
        ],
        dependencies=DEPENDENCIES,
        exception_handlers=HANDLERS,
        # Gzip outside the ETag, so the tag names the representation whatever the encoding.
        middleware=[
            *edge_middleware(settings, keys, edge_stores),
            GzipMiddleware(),
            ConditionalGetMiddleware(),
        ],
        cors_config=cors_config(settings),
        logging_config=logging_config(settings.log_level),
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="factcheck",
            version=__version__,
            description=DESCRIPTION,
            path=SCHEMA_PATH,
            render_plugins=render_plugins(),
            openapi_router=docs_router(),
        ),
    )
    policies = apply_route_policies(app)  # no route without a policy
    document(
        app.openapi_schema,
        policies,
        secured=bool(keys),
        rate_limited=settings.rate_limit_per_minute > 0,
        callbacks=CallbackPolicy.from_entries(
            settings.allow_http_callbacks, settings.callback_allow
        ),
    )
    # The public URL names the service in JSON-LD `@id`s; without one, the (checked) Host does.
    app.state.public_url = settings.public_url
    app.asgi_handler = RequestGuard(app.asgi_handler, HostAllowList.from_settings(settings))
    observe(app, metrics)
    return app
