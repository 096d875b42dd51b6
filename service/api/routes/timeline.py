"""/v1/check/timeline: a statement's matches grouped by date, to see a figure change over time."""

from typing import Annotated

from litestar import get
from litestar.params import QueryParameter

from schemas.limits import MAX_MATCHES, MAX_STATEMENT_CHARS
from schemas.patterns import NOT_BLANK
from schemas.timeline import Timeline
from service.api.deps import ServicesDep
from service.api.policy import CHECK
from service.api.problems import responses
from service.matching.timeline import build_timeline


@get(
    "/v1/check/timeline",
    opt=CHECK,
    tags=["check"],
    summary="A statement's matches by date",
    description="The reports' figures for what the statement counts, grouped by the date each "
    "report was published, oldest first; a figure a report gives as an earlier one is marked "
    "`earlier`. A statement without a figure gets its supporting and conflicting matches.",
    responses=responses(422, 503),
)
async def check_timeline(
    services: ServicesDep,
    statement: Annotated[
        str, QueryParameter(min_length=1, max_length=MAX_STATEMENT_CHARS, pattern=NOT_BLANK)
    ],
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_MATCHES)] = 20,
) -> Timeline:
    return await build_timeline(services.checker, statement, limit=limit)
