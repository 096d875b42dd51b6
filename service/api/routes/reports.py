"""/v1/reports: ingest one report or many, list, read and delete them."""

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIMediaType,
    Operation,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import JSONBody, QueryParameter

from schemas.limits import DEFAULT_PAGE_SIZE, MAX_BULK_ITEMS
from schemas.patterns import ISO_DATE_OR_DATE_TIME
from schemas.reports import BulkItemResult, BulkResult, ReportIn, ReportOut, ReportPage
from service.api.deps import ServicesDep
from service.api.pagination import Cursor, PageLimit, RowId, next_link
from service.api.policy import READ, WRITE
from service.api.problems import missing_field, problem, responses
from service.cursors import Listing
from service.errors import InvalidInput, NotFound
from service.ingest.pipeline import (
    Item,
    NotJson,
    Outcome,
    Rejected,
    ReportStored,
    UncheckedReport,
    normalised_timestamp,
)
from service.present.wire import report_out, report_summary
from service.present.wording import humane

NDJSON = "application/x-ndjson"

UpdatedSince = Annotated[
    str | None,
    QueryParameter(
        max_length=40,
        pattern=ISO_DATE_OR_DATE_TIME,
        description="Only reports stored or replaced at or after this ISO date or date-time "
        "(UTC when no offset is given): to poll for changes.",
    ),
]


# A dataclass again: `Operation.__init__` was generated without a __post_init__ hook to call.
@dataclass
class BulkOperation(Operation):
    """The bulk body is read raw (a bad item must not fail the others), so describe it here."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description=f"A JSON array, or NDJSON, of up to {MAX_BULK_ITEMS} reports.",
            content={
                "application/json": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.ARRAY,
                        # Each item is checked on its own and answered in the result (a 422
                        # for that item), so the array accepts anything the schema of an
                        # item does not: say so rather than promise a 422 for the request.
                        items=Schema(
                            any_of=[
                                Reference("#/components/schemas/ReportIn"),
                                Schema(description="Anything else: rejected for this item."),
                            ]
                        ),
                        min_items=1,
                        max_items=MAX_BULK_ITEMS,
                    )
                ),
                # At least one line that is not blank: an empty body holds no reports (422).
                NDJSON: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, pattern=r"\S")),
            },
        )


class ReportController(Controller):
    path = "/v1/reports"
    tags = ("reports",)

    @post(
        "/",
        status_code=201,
        opt=WRITE,
        summary="Ingest a report",
        description="Extracts, analyses and stores the report's claims. 201 when new; 200 when "
        "it replaced a report with the same external_id, or the same text and source.",
        responses={
            200: ResponseSpec(ReportOut, description="Replaced a stored report"),
            **responses(400, 413, 422, 503),
        },
    )
    async def create(self, data: JSONBody[ReportIn], services: ServicesDep) -> Response[ReportOut]:
        [stored] = await services.ingest([data], atomic=True)
        assert isinstance(stored, ReportStored)  # atomic: a rejection was raised instead
        result = stored.result
        body = report_out(result.report, result.claims, replaced=result.replaced)
        if result.replaced:
            return Response(body, status_code=200)
        return Response(
            body, status_code=201, headers={"Location": f"/v1/reports/{result.report.id}"}
        )

    @post(
        "/bulk",
        status_code=200,
        opt=WRITE,
        summary="Ingest many reports",
        description="One result per item, in order; a bad item does not stop the good ones.",
        operation_class=BulkOperation,
        responses=responses(400, 413, 415, 422, 503),
    )
    async def bulk(self, request: Request[Any, Any, Any], services: ServicesDep) -> BulkResult:
        items = _decode_bulk(await request.body(), request.content_type[0])
        outcomes = await services.ingest(items)
        results = [_bulk_item(index, outcome) for index, outcome in enumerate(outcomes)]
        return BulkResult(errors=any(r.error is not None for r in results), items=results)

    @get("/", opt=READ, summary="List reports", responses=responses(400, 422))
    async def list(
        self,
        services: ServicesDep,
        request: Request[Any, Any, Any],
        limit: PageLimit = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
        updated_since: UpdatedSince = None,
    ) -> Response[ReportPage]:
        rows = await services.store.list_reports(
            limit=limit + 1,
            after_id=services.cursors.decode(cursor, Listing.REPORTS),
            updated_since=normalised_timestamp(updated_since, "updated_since"),
        )
        page = rows[:limit]
        next_cursor = (
            services.cursors.encode(Listing.REPORTS, page[-1].id) if len(rows) > limit else None
        )
        body = ReportPage(items=[report_summary(r) for r in page], next_cursor=next_cursor)
        query = list(request.query_params.multi_items())
        return Response(body, headers=next_link(request.url.path, query, next_cursor))

    @get("/{report_id:int}", opt=READ, summary="A report with its claims", responses=responses(404))
    async def read(self, report_id: RowId, services: ServicesDep) -> ReportOut:
        report = await services.store.get_report(report_id)
        if report is None:
            raise NotFound("report", report_id)
        return report_out(report, await services.store.report_claims(report_id))

    @delete(
        "/{report_id:int}",
        opt=WRITE,
        summary="Delete a report and its claims",
        responses=responses(404),
    )
    async def remove(self, report_id: RowId, services: ServicesDep) -> None:
        if not await services.store.delete_report(report_id):
            raise NotFound("report", report_id)


# Besides DecodeError, msgspec raises UnicodeDecodeError for bytes that are not UTF-8 and
# RecursionError for JSON nested too deeply: a client's mistake either way, never a 500.
UNDECODABLE = (msgspec.DecodeError, UnicodeDecodeError, RecursionError)


def _decode_bulk(body: bytes, content_type: str) -> list[Item]:
    if content_type == NDJSON:
        lines = [line for line in body.splitlines() if line.strip()]
        items: list[Item] = []
        for line in lines:
            try:
                items.append(UncheckedReport(msgspec.json.decode(line)))
            except UNDECODABLE:
                items.append(NotJson(line))
    else:
        try:
            decoded = msgspec.json.decode(body)
        except UNDECODABLE as exc:
            raise InvalidInput("body", f"is not valid JSON: {exc}") from exc
        if not isinstance(decoded, list):
            raise InvalidInput("body", "must be a JSON array of reports (or NDJSON)")
        items = [UncheckedReport(value) for value in decoded]
    if not items:
        raise InvalidInput("body", "holds no reports")
    if len(items) > MAX_BULK_ITEMS:
        raise InvalidInput("body", f"holds {len(items)} reports; at most {MAX_BULK_ITEMS}")
    return items


def _bulk_item(index: int, outcome: Outcome) -> BulkItemResult:
    """One item's answer: the stored report, or its rejection as a problem."""
    if isinstance(outcome, ReportStored):
        put = outcome.result
        return BulkItemResult(
            index=index,
            status=200 if put.replaced else 201,
            report=report_summary(put.report),
            replaced=put.replaced,
        )
    assert isinstance(outcome, Rejected)  # a bulk body holds reports only
    if outcome.reason == "undecodable":
        return BulkItemResult(index=index, status=400, error=problem(400, outcome.detail))
    if outcome.reason == "wire":
        detail, field = humane(outcome.detail), _field_of(outcome.detail)
    else:
        detail, field = str(outcome.error()), outcome.field
    error = problem(422, detail, kind="validation", field=field)
    return BulkItemResult(index=index, status=422, error=error)


def _field_of(message: str) -> str | None:
    missing = missing_field(message)
    if missing:  # "Object missing required field `text`": that field, not the object
        return missing
    if "`$." in message:
        return message.split("`$.", 1)[1].split("`", 1)[0]
    return None
