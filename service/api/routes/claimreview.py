"""ClaimReview, the fact-checkers' format: import reviews, export checks, and claims as JSON-LD.

- `POST /v1/claimreviews`: ClaimReview items (one, or a list) -> stored claims with their rating;
- `POST /v1/check/claimreview`: a check of a statement -> a draft ClaimReview (JSON-LD);
- `GET /v1/claims/{id}` with `Accept: application/ld+json` -> a schema.org Claim (see
  `claim_response`, called by the claims controller).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, MediaType, Request, Response, post
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Reference,
    RequestBody,
    Schema,
)
from litestar.params import JSONBody

from schemas.check import CheckRequest
from schemas.claimreview import (
    JSON_LD,
    ClaimLD,
    ClaimReviewBatch,
    ClaimReviewImport,
    ClaimReviewIn,
    ClaimReviewLD,
    ImportedClaimReview,
)
from schemas.limits import MAX_BULK_ITEMS, MAX_STATEMENT_CHARS
from service.api.deps import ServicesDep
from service.api.openapi.components import set_array_bounds
from service.api.policy import CHECK, WRITE
from service.api.problems import responses
from service.errors import InvalidInput
from service.ingest.pipeline import ReportStored
from service.present.claimreview import claim_ld, claimreview_ld
from service.runtime import Services
from service.store.records import ClaimRecord

# Another report states the same claim when its sentence supports this one this closely.
SAME_CLAIM_SCORE = 80.0
APPEARANCES_LOOKED_AT = 20


def base_url(request: Request[Any, Any, Any]) -> str:
    public_url: str | None = request.app.state.get("public_url")
    return public_url or str(request.base_url).rstrip("/")


def wants_json_ld(request: Request[Any, Any, Any]) -> bool:
    best = request.accept.best_match([MediaType.JSON, JSON_LD], default=MediaType.JSON)
    return best == JSON_LD


async def claim_response(
    claim: ClaimRecord, services: Services, request: Request[Any, Any, Any]
) -> Response[ClaimLD]:
    """A claim as schema.org JSON-LD, with every report that states it as an appearance."""
    check = CheckRequest(statement=claim.text[:MAX_STATEMENT_CHARS], limit=APPEARANCES_LOOKED_AT)
    result = await services.checker.check(check)
    also_in = [
        match.report
        for match in result.matches
        if match.claim.id != claim.id
        and match.stance == "supports"
        and match.score >= SAME_CLAIM_SCORE
    ]
    body = claim_ld(claim, base_url=base_url(request), also_in=also_in)
    return Response(body, media_type=JSON_LD)


@dataclass
class JsonLdAlternative(Operation):
    """Documents the `application/ld+json` answer a JSON route also gives (a schema.org Claim)."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse) and ok.content is not None:
            schema = Reference(ref="#/components/schemas/ClaimLD")
            ok.content[JSON_LD] = OpenAPIMediaType(schema=schema)
            ok.description += " `Accept: application/ld+json`: a schema.org Claim."


@dataclass
class ClaimReviewsOperation(Operation):
    """Documents the bounds of the posted list, which litestar drops from a union's branch."""

    def __post_init__(self) -> None:
        body = self.request_body
        if isinstance(body, RequestBody):
            for media in body.content.values():
                if isinstance(media.schema, Schema):
                    set_array_bounds(media.schema, 1, MAX_BULK_ITEMS)


class ClaimReviewController(Controller):
    path = "/v1"
    tags = ("claimreview",)

    @post(
        "/claimreviews",
        status_code=201,
        opt=WRITE,
        summary="Import ClaimReview items",
        description="One schema.org ClaimReview, or a list, as fact-checkers publish them. Each "
        "becomes an indexed claim carrying its rating (reviewer, rating name and scale, date); "
        "a statement that repeats a claim rated false is then contradicted, with a reason "
        "naming the fact-checker. Importing the same review again replaces it. A rating's "
        "`bestRating` may not be below its `worstRating` (422 otherwise).",
        responses=responses(413, 422, 503),
        operation_class=ClaimReviewsOperation,
    )
    async def import_reviews(
        self, data: JSONBody[ClaimReviewIn | ClaimReviewBatch], services: ServicesDep
    ) -> ClaimReviewImport:
        reviews = data if isinstance(data, list) else [data]
        if not reviews:
            # litestar drops the list's length bounds when it sits in a union; keep them here.
            raise InvalidInput("body", "lists no ClaimReview")
        if len(reviews) > MAX_BULK_ITEMS:
            raise InvalidInput("body", f"lists more than {MAX_BULK_ITEMS} ClaimReviews")
        stored = await services.ingest(reviews, atomic=True)
        results = [s.result for s in stored if isinstance(s, ReportStored)]
        return ClaimReviewImport(
            items=[
                ImportedClaimReview(
                    index=index,
                    claim_id=result.claims[0].id,
                    report_id=result.report.id,
                    replaced=result.replaced,
                )
                for index, result in enumerate(results)
            ]
        )

    @post(
        "/check/claimreview",
        status_code=200,
        opt=CHECK,
        media_type=JSON_LD,
        summary="Export a check as a draft ClaimReview",
        description="Checks the statement and answers a schema.org ClaimReview (JSON-LD) for a "
        "fact-checker to complete: the claim with the reports it appears in, the reports and "
        "reviews cited, a suggested rating and the reasons. `author`, `url` and "
        "`datePublished` are left for the fact-checker; `creativeWorkStatus` is Draft.",
        responses=responses(413, 422, 503),
    )
    async def export_review(
        self, data: JSONBody[CheckRequest], services: ServicesDep, request: Request[Any, Any, Any]
    ) -> ClaimReviewLD:
        result = await services.checker.check(data)
        today = datetime.now(UTC).date().isoformat()
        return claimreview_ld(result, base_url=base_url(request), today=today)
