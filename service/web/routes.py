"""`/`: the editor page; `/static/...`: its script, styles and the embeddable client.

Plain files, no build step and nothing fetched from elsewhere, so the page works offline.
The page's Content-Security-Policy allows only this origin: no inline script or style, so an
injected snippet cannot run even if some text ever reached the page unescaped.
"""

from functools import cache
from pathlib import Path
from typing import Any

from litestar import MediaType, Response, get
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from service.api.policy import PUBLIC

STATIC_DIR = Path(__file__).with_name("static")

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
# Revalidate every time (ETag / Last-Modified): the files change with each release, unhashed.
REVALIDATE = CacheControlHeader(no_cache=True)


@cache
def _page() -> bytes:
    return (STATIC_DIR / "index.html").read_bytes()


@get("/", include_in_schema=False, cache_control=REVALIDATE, opt=PUBLIC)
async def editor_page() -> Response[bytes]:
    return Response(
        _page(),
        media_type=MediaType.HTML,
        headers={
            "Content-Security-Policy": PAGE_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def _nosniff(response: Response[Any]) -> Response[Any]:
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


static_files = create_static_files_router(
    path="/static",
    directories=[STATIC_DIR],
    cache_control=REVALIDATE,
    after_request=_nosniff,
    include_in_schema=False,
    opt=PUBLIC,
)

WEB_ROUTES: list[ControllerRouterHandler] = [editor_page, static_files]
