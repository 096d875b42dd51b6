"""The interactive API page at /schema, working offline.

Swagger UI comes from a pinned PyPI package (`swagger-ui-py`), served by the service itself
under /schema/assets: no CDN, so the page renders behind a firewall or on a plane, and what
runs in the browser is the version the lock says. Any other /schema path is a problem+json
404 (litestar answers an HTML page there, and every error here is promised as problem+json).
"""

import importlib.util
from pathlib import Path

from litestar import Response, Router
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import OpenAPIRenderPlugin, SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

from service.api.policy import PUBLIC

SCHEMA_PATH = "/schema"
ASSETS = f"{SCHEMA_PATH}/assets"
PAGES = ("/schema", "/schema/swagger", "/schema/openapi.json")


def swagger_assets() -> Path:
    """Swagger UI's files inside the installed package (found without importing it: its
    `__init__` imports the framework adapters, which the service does not need)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed; reinstall factcheck")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def render_plugins() -> list[OpenAPIRenderPlugin]:
    return [
        SwaggerRenderPlugin(
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
            path=["/", "/swagger"],
        )
    ]


async def _problem_for_missing_page(response: Response[object]) -> Response[object]:
    # litestar's catch-all for unknown /schema paths answers HTML; raising here sends it
    # through the one error handler instead.
    if response.status_code == 404:
        raise NotFoundException(
            detail=f"no such documentation page; the API is described at {', '.join(PAGES)}"
        )
    return response


def docs_router() -> Router:
    assets = create_static_files_router(
        path="/assets",
        directories=[swagger_assets()],
        include_in_schema=False,
        cache_control=None,
    )
    return Router(
        SCHEMA_PATH,
        route_handlers=[assets],
        include_in_schema=False,
        opt=PUBLIC,
        after_request=_problem_for_missing_page,
    )
