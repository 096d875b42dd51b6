"""/v1/check: a statement, or every check-worthy sentence of a draft, against the index."""

import asyncio
import time
from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import JSONBody, QueryParameter

from schemas.check import (
    MAX_SOURCE_CHARS,
    MAX_SOURCES,
    CheckBatchRequest,
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    SourceName,
    TextCheckRequest,
    TextCheckResult,
)
from schemas.limits import MAX_MATCHES, MAX_STATEMENT_CHARS
from schemas.patterns import ISO_DATE, NOT_BLANK
from service.api.deps import ServicesDep
from service.api.policy import CHECK
from service.api.problems import responses
from service.errors import InvalidInput
from service.language import require_supported
from service.matching.drafts import check_draft, split_draft
from service.present.plain import render_check

IsoDay = Annotated[str | None, QueryParameter(max_length=10, pattern=ISO_DATE)]
# One source (`?sources=TASS`) or several (`?sources=TASS&sources=Reuters`): on the wire, one
# name and a list of one are the same text, so the document says either is fine. Spelled out
# because litestar's own schema, `oneOf` [array, null], leaves the names' bounds out (they are
# enforced all the same), and then `?sources=` (an empty name, refused) would read as valid.
SOURCE_SCHEMA = {"type": "string", "minLength": 1, "maxLength": MAX_SOURCE_CHARS}
SOURCES_SCHEMA = {
    "oneOf": None,
    "anyOf": (
        {"type": "array", "items": SOURCE_SCHEMA, "maxItems": MAX_SOURCES},
        SOURCE_SCHEMA,
    ),
}
Sources = Annotated[
    list[SourceName] | None,
    QueryParameter(max_items=MAX_SOURCES, schema_extra=SOURCES_SCHEMA),
]


def _wants_text(request: Request[Any, Any, Any]) -> bool:
    best = request.accept.best_match([MediaType.JSON, MediaType.TEXT], default=MediaType.JSON)
    return best == MediaType.TEXT


def _answer(request: Request[Any, Any, Any], result: CheckResult) -> Response[Any]:
    if _wants_text(request):
        return Response(render_check(result), media_type=MediaType.TEXT)
    return Response(result, media_type=MediaType.JSON)


class CheckController(Controller):
    path = "/v1/check"
    tags = ("check",)
    opt = CHECK

    @post(
        "/",
        status_code=200,
        summary="Check a statement",
        description="Claims that support or conflict with the statement, ranked, with reasons "
        "and a verdict. `Accept: text/plain` answers with a table.",
        responses=responses(413, 422, 503),
    )
    async def check(
        self, data: JSONBody[CheckRequest], services: ServicesDep, request: Request[Any, Any, Any]
    ) -> Response[CheckResult]:
        require_supported(data.statement, data.language)
        return _answer(request, await services.checker.check(data))

    @get(
        "/",
        summary="Check a statement (for curl)",
        description="The same as POST, with the request in the query string.",
        responses=responses(422, 503),
    )
    async def check_get(
        self,
        services: ServicesDep,
        request: Request[Any, Any, Any],
        statement: Annotated[
            str, QueryParameter(min_length=1, max_length=MAX_STATEMENT_CHARS, pattern=NOT_BLANK)
        ],
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_MATCHES)] = 5,
        # schema_extra: litestar drops a constraint of 0 from the OpenAPI schema (it is falsy).
        min_score: Annotated[
            float | None, QueryParameter(ge=0, le=100, schema_extra={"minimum": 0})
        ] = None,
        sources: Sources = None,
        since: IsoDay = None,
        until: IsoDay = None,
    ) -> Response[CheckResult]:
        data = CheckRequest(
            statement=statement,
            limit=limit,
            min_score=min_score,
            sources=sources,
            since=since,
            until=until,
        )
        require_supported(statement, None)
        return _answer(request, await services.checker.check(data))

    @post(
        "/batch",
        status_code=200,
        summary="Check many statements",
        description="Up to 100 statements, each with its own options; one result each, in "
        "order, against the same index revision or a later one.",
        responses=responses(413, 422, 503),
    )
    async def check_batch(
        self, data: JSONBody[CheckBatchRequest], services: ServicesDep
    ) -> CheckBatchResult:
        started = time.perf_counter()
        for number, check in enumerate(data.checks):
            try:
                require_supported(check.statement, check.language)
            except InvalidInput as exc:
                raise InvalidInput(f"checks[{number}].{exc.field}", exc.reason) from exc
        results = [await services.checker.check(request) for request in data.checks]
        return CheckBatchResult(
            results=results,
            index_revision=max(result.index_revision for result in results),
            took_ms=round((time.perf_counter() - started) * 1000, 3),
        )

    @post(
        "/text",
        status_code=200,
        summary="Check every sentence of a draft",
        description="Splits the text into sentences and checks each check-worthy one. Offsets "
        "are in code points (`start`, `end`) and UTF-16 units (`start_utf16`, `end_utf16`).",
        responses=responses(413, 422, 503),
    )
    async def check_text(
        self, data: JSONBody[TextCheckRequest], services: ServicesDep
    ) -> TextCheckResult:
        started = time.perf_counter()
        # Splitting 200,000 characters takes seconds: in a thread, so that the event loop
        # answers other requests meanwhile, and awaited, so that the check budget covers it.
        draft = await asyncio.to_thread(split_draft, data.text)
        sentences = await check_draft(
            services.checker, draft, limit=data.limit, min_score=data.min_score
        )
        revision = max((s.result.index_revision for s in sentences), default=0)
        if not revision:
            revision = await services.store.revision()
        return TextCheckResult(
            sentences=sentences,
            index_revision=revision,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
        )
