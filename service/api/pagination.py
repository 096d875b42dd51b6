"""Paging of the lists: the query and path parameters they share, and the next page's link.

The cursors themselves are signed and read by `service.cursors`.
"""

from typing import Annotated
from urllib.parse import urlencode

from litestar.params import PathParameter, QueryParameter

from schemas.limits import MAX_PAGE_SIZE
from service.cursors import MAX_CURSOR_CHARS

# The largest row id the API accepts: both backends store 64-bit integers, but JSON numbers
# (in JavaScript, and in the OpenAPI document's `maximum`) are exact only up to 2**53 - 1.
MAX_ROW_ID = 2**53 - 1

# Ids beyond MAX_ROW_ID cannot exist: 422 at the edge, not an overflow in the database driver.
RowId = Annotated[int, PathParameter(ge=1, le=MAX_ROW_ID)]
PageLimit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="Items per page.")]
# No pattern: a cursor is opaque, and only the service can tell one it issued (by its
# signature). Anything else is answered 400 in words (service/cursors.py), and each list
# documents that 400.
Cursor = Annotated[
    str | None,
    QueryParameter(
        min_length=1,
        max_length=MAX_CURSOR_CHARS,
        description="`next_cursor` of the previous page, unchanged (also in the `Link: "
        'rel="next"` header). Opaque and signed: a changed cursor, or one of another list, '
        "is answered 400.",
    ),
]


def next_link(path: str, query: list[tuple[str, str]], cursor: str | None) -> dict[str, str]:
    """A `Link: <...>; rel="next"` header for a page that has a next one (RFC 8288)."""
    if cursor is None:
        return {}
    kept = [(name, value) for name, value in query if name != "cursor"]
    return {"Link": f'<{path}?{urlencode([*kept, ("cursor", cursor)])}>; rel="next"'}
