"""/v1/claims: single claims posted by other apps, and every stored claim."""

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.params import JSONBody, QueryParameter

from schemas.claims import ClaimIn, ClaimOut, ClaimPage
from schemas.limits import DEFAULT_PAGE_SIZE, MAX_FIELD_CHARS
from schemas.patterns import ISO_DATE, ISO_DATE_OR_DATE_TIME, NO_NUL
from service.api.deps import ServicesDep
from service.api.pagination import MAX_ROW_ID, Cursor, PageLimit, RowId, next_link
from service.api.policy import READ, WRITE
from service.api.problems import responses
from service.api.routes.claimreview import JsonLdAlternative, claim_response, wants_json_ld
from service.cursors import Listing
from service.errors import NotFound
from service.ingest.pipeline import ClaimStored, normalised_timestamp
from service.present.wire import claim_out
from service.store.records import ClaimFilter

SinceDate = Annotated[
    str | None,
    QueryParameter(
        max_length=10,
        pattern=ISO_DATE,
        description="Only claims published on or after this ISO date.",
    ),
]

UpdatedSince = Annotated[
    str | None,
    QueryParameter(
        max_length=40,
        pattern=ISO_DATE_OR_DATE_TIME,
        description="Only claims stored at or after this ISO date or date-time (UTC when no "
        "offset is given): to poll for changes. A claim is never changed in place: a replaced "
        "report's claims are stored anew, with new ids.",
    ),
]


class ClaimController(Controller):
    path = "/v1/claims"
    tags = ("claims",)

    @post(
        "/",
        status_code=201,
        opt=WRITE,
        summary="Store one claim",
        responses=responses(413, 422, 503),
    )
    async def create(self, data: JSONBody[ClaimIn], services: ServicesDep) -> Response[ClaimOut]:
        [outcome] = await services.ingest([data], atomic=True)
        assert isinstance(outcome, ClaimStored)  # atomic: a rejection was raised instead
        stored = claim_out(outcome.claim)
        return Response(stored, status_code=201, headers={"Location": f"/v1/claims/{stored.id}"})

    @get("/", opt=READ, summary="List claims", responses=responses(400, 422))
    async def list(
        self,
        services: ServicesDep,
        request: Request[Any, Any, Any],
        limit: PageLimit = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
        # Bounded like the path ids: a larger one is a 422, not an overflow in the driver.
        report_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ROW_ID)] = None,
        # NUL: PostgreSQL refuses it in a query parameter too (a 500 before this pattern).
        source: Annotated[
            str | None, QueryParameter(max_length=MAX_FIELD_CHARS, pattern=NO_NUL)
        ] = None,
        since: SinceDate = None,
        updated_since: UpdatedSince = None,
    ) -> Response[ClaimPage]:
        where = ClaimFilter(
            report_id=report_id,
            source=source,
            since=since,
            updated_since=normalised_timestamp(updated_since, "updated_since"),
        )
        rows = await services.store.list_claims(
            limit=limit + 1, after_id=services.cursors.decode(cursor, Listing.CLAIMS), where=where
        )
        page = rows[:limit]
        next_cursor = (
            services.cursors.encode(Listing.CLAIMS, page[-1].id) if len(rows) > limit else None
        )
        body = ClaimPage(items=[claim_out(c) for c in page], next_cursor=next_cursor)
        query = list(request.query_params.multi_items())
        return Response(body, headers=next_link(request.url.path, query, next_cursor))

    @get(
        "/{claim_id:int}",
        opt=READ,
        summary="One claim with its analysis",
        description="`Accept: application/ld+json` answers a schema.org Claim with the reports "
        "it appears in and its fact-checker's review.",
        responses=responses(404),
        operation_class=JsonLdAlternative,
    )
    async def read(
        self, claim_id: RowId, services: ServicesDep, request: Request[Any, Any, Any]
    ) -> Response[ClaimOut]:
        claim = await services.store.get_claim(claim_id)
        if claim is None:
            raise NotFound("claim", claim_id)
        if wants_json_ld(request):
            # The JSON-LD answer is documented by JsonLdAlternative, not by this annotation.
            return await claim_response(claim, services, request)  # type: ignore[return-value]
        return Response(claim_out(claim))

    @delete("/{claim_id:int}", opt=WRITE, summary="Delete a claim", responses=responses(404))
    async def remove(self, claim_id: RowId, services: ServicesDep) -> None:
        if not await services.store.delete_claim(claim_id):
            raise NotFound("claim", claim_id)
