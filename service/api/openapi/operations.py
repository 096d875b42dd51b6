"""What the OpenAPI document says beyond what litestar derives from the handlers.

Every operation gets a readable `operationId` (`checkStatement`, not `V1CheckCheck`), a
description, examples of request and answer recorded from the seeds
(`scripts/openapi_examples.py` writes `data/openapi_examples.json`), the headers the edge
reads and writes (`X-Request-ID`, `Idempotency-Key`, `RateLimit-*`, `ETag`), and the
problem answers any deployment can give (401/403 with keys, 413, 415, 429, 503), whether or
not this one has keys or limits configured: a client is written once for every deployment.
Where this deployment has keys or a rate limit, `gate_operations` also declares the security
schemes' use and the 401, 403 and 429 answers on the routes they gate.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from litestar.openapi.spec import (
    Components,
    Example,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType

from service.api.edge.observability import VALID_ID
from service.api.openapi.components import describe_components
from service.api.policy import RoutePolicy
from service.api.problems import PROBLEM_JSON


@dataclass(frozen=True)
class Doc:
    operation_id: str
    description: str


OPERATIONS: dict[str, Doc] = {
    "POST /v1/check": Doc(
        "checkStatement",
        "The indexed claims that support or conflict with the statement, ranked by similarity, "
        "each with its report and the reasons for its stance, plus a verdict and the number of "
        "matches of each stance. `Accept: text/plain` answers a table for people. Statements "
        "are matched in English: another script or `language` is a 422.",
    ),
    "GET /v1/check": Doc(
        "checkStatementByQuery",
        "The same check as `POST /v1/check`, with the request in the query string (for curl "
        "and links).",
    ),
    "POST /v1/check/batch": Doc(
        "checkStatements",
        "Up to 100 statements, each with its own options (as `POST /v1/check` takes them): one "
        "result each, in order, for an app that checks a whole feed.",
    ),
    "POST /v1/check/text": Doc(
        "checkText",
        "Splits a draft into sentences and checks each check-worthy one. Offsets are in code "
        "points (`start`, `end`) and UTF-16 units (`start_utf16`, `end_utf16`).",
    ),
    "GET /v1/check/timeline": Doc(
        "checkTimeline",
        "The reports' figures for what the statement counts, grouped by publication date.",
    ),
    "POST /v1/check/claimreview": Doc(
        "exportClaimReview",
        "Checks the statement and answers a schema.org ClaimReview draft (JSON-LD) for a "
        "fact-checker to complete.",
    ),
    "POST /v1/claimreviews": Doc(
        "importClaimReviews",
        "Imports ClaimReview items (one or a list) as claims carrying the fact-checker's "
        "rating; the same review again replaces it.",
    ),
    "POST /v1/reports": Doc(
        "ingestReport",
        "Extracts, analyses and stores the report's check-worthy claims. 201 with `Location` "
        "when new; 200 when it replaced a report with the same `external_id`, or the same text "
        "and source. Send an `Idempotency-Key` to make a retry safe.",
    ),
    "POST /v1/reports/bulk": Doc(
        "bulkIngestReports",
        "Up to 1,000 reports as a JSON array or NDJSON. One result per item, in order; a bad "
        "item is answered in its result and does not stop the good ones.",
    ),
    "GET /v1/reports": Doc(
        "listReports",
        "Stored reports, oldest first, a page at a time: pass the answer's `next_cursor` (also "
        'in the `Link: rel="next"` header) as `cursor` for the next page.',
    ),
    "GET /v1/reports/{report_id}": Doc(
        "getReport", "One report with its text and its claims, each with its analysis."
    ),
    "DELETE /v1/reports/{report_id}": Doc(
        "deleteReport", "Deletes the report and its claims; they stop matching at once."
    ),
    "POST /v1/watches": Doc(
        "createWatch",
        "Watches a statement, or each check-worthy sentence of a text: every report ingested "
        "afterwards, by any path, is checked against it, and a new claim that takes one of the "
        "watched stances makes an event, POSTed signed to `callback_url` when given and sent on "
        "the stream. The answer holds the signing `secret`, shown only here.",
    ),
    "GET /v1/watches": Doc("listWatches", "Watches, a page at a time, oldest first."),
    "GET /v1/watches/{watch_id}": Doc(
        "getWatch", "A watch: its statements, the stances it watches and its callback."
    ),
    "DELETE /v1/watches/{watch_id}": Doc(
        "deleteWatch", "Stops watching: no new events; recorded ones are deleted with it."
    ),
    "GET /v1/watches/{watch_id}/events": Doc(
        "listWatchEvents",
        "A watch's events, a page at a time, each with its delivery attempts (status, time, "
        "answer) and whether it was delivered, is pending or is dead after 24 h of retries.",
    ),
    "GET /v1/watches/{watch_id}/stream": Doc(
        "streamWatchEvents",
        "The watch's events as Server-Sent Events, live with `Accept: text/event-stream` and "
        "resumable with `Last-Event-ID`; other clients get the events so far.",
    ),
    "GET /v1/claims": Doc(
        "listClaims",
        "Stored claims, a page at a time, filtered by report, source or publication date.",
    ),
    "POST /v1/claims": Doc(
        "createClaim",
        "Stores one claim posted by another app (a quote, a social post) with its analysis.",
    ),
    "GET /v1/claims/{claim_id}": Doc(
        "getClaim",
        "One claim with its analysis; `Accept: application/ld+json` answers a schema.org Claim "
        "with the reports it appears in and its fact-checker's review.",
    ),
    "DELETE /v1/claims/{claim_id}": Doc(
        "deleteClaim", "Deletes one claim; it stops matching at once."
    ),
    "GET /health": Doc("health", "200 while the process runs: for a liveness probe."),
    "GET /ready": Doc(
        "ready",
        "200 when the store is reachable and migrated and the index loaded, else 503: for a "
        "readiness probe and load balancers.",
    ),
}

_METHODS = ("get", "post", "put", "patch", "delete")
_INTEGER = Schema(type=OpenAPIType.INTEGER)
_REQUEST_ID = Schema(type=OpenAPIType.STRING, pattern=VALID_ID.pattern)


def _header(description: str, schema: Schema = _INTEGER) -> OpenAPIHeader:
    return OpenAPIHeader(schema=schema, description=description)


REQUEST_ID = Parameter(
    name="X-Request-ID",
    param_in="header",
    required=False,
    # Any text is accepted: one that is not a sane token is replaced, never refused.
    schema=Schema(type=OpenAPIType.STRING),
    description="Your id for this request, kept in the logs and echoed back when it is 1 to "
    "128 of `A-Z a-z 0-9 . _ : @ + = / -`; otherwise, or when absent, one is made up.",
)
IDEMPOTENCY_KEY = Parameter(
    name="Idempotency-Key",
    param_in="header",
    required=False,
    schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=255, pattern="^[!-~]+$"),
    description="A key unique to this write (a UUID): a retry with the same key and body is "
    "answered with the first answer and not written twice (kept for "
    "FACTCHECK_IDEMPOTENCY_TTL_SECONDS).",
)
IDEMPOTENCY_NOTE = (
    " Header `Idempotency-Key` (1 to 255 visible ASCII characters, e.g. a UUID): a retry with "
    "the same key and body gets the first answer (`Idempotent-Replayed: true`) and is not "
    "written twice; the same key with another body is a 422. See "
    "`components.parameters.IdempotencyKey`."
)
RESPONSE_HEADERS = {
    "X-Request-ID": _header("The request's id, as sent or made up.", _REQUEST_ID),
    "RateLimit-Limit": _header("Requests allowed per window (when rate limiting is on)."),
    "RateLimit-Remaining": _header("Requests left in this window."),
    "RateLimit-Reset": _header("Seconds until the window resets."),
}
EDGE_PROBLEMS = {
    "401": "Missing or invalid API key (when the service has FACTCHECK_API_KEYS)",
    "403": "The API key lacks the scope this route needs",
    "413": "The request body is larger than FACTCHECK_MAX_BODY_BYTES",
    "415": "The body is not of a media type this route reads",
    "429": "Too many requests: wait `Retry-After` seconds",
    "503": "The store is unavailable or the check ran out of time: retry after `Retry-After`",
}


def document_operations(openapi: OpenAPI, policies: Mapping[tuple[str, str], RoutePolicy]) -> None:
    examples = _examples()
    for path, item in (openapi.paths or {}).items():
        for method in _METHODS:
            operation: Operation | None = getattr(item, method)
            if operation is None:
                continue
            key = f"{method.upper()} {path}"
            doc = OPERATIONS.get(key)
            if doc is None:
                raise RuntimeError(f"{key} is not described in service/api/openapi/operations.py")
            operation.operation_id = doc.operation_id
            operation.description = doc.description
            _add_examples(operation, examples.get(doc.operation_id, {}))
            policy = policies[(path, method)]
            if policy.scope != "public":
                _add_edge(operation, write=method == "post" and policy.scope == "write")
            _add_http_headers(operation, method, path)
    components = openapi.components
    if isinstance(components, Components):
        components.parameters = {**(components.parameters or {}), "IdempotencyKey": IDEMPOTENCY_KEY}
    if isinstance(components, Components) and components.schemas is not None:
        describe_components(components)
        problem = components.schemas.get("Problem")
        if isinstance(problem, Schema):
            problem.description = "An RFC 9457 problem: the one error shape of every route."


def _add_http_headers(operation: Operation, method: str, path: str) -> None:
    for status, answer in (operation.responses or {}).items():
        if not isinstance(answer, OpenAPIResponse):
            continue
        extra: dict[str, OpenAPIHeader | Reference] = {}
        if method == "get" and status == "200":
            extra["ETag"] = _header(
                "The answer's entity tag: send it as If-None-Match to get a 304 when unchanged.",
                Schema(type=OpenAPIType.STRING),
            )
            if path in {"/v1/reports", "/v1/claims"}:
                extra["Link"] = _header(
                    'The next page, `<...>; rel="next"`, when there is one.',
                    Schema(type=OpenAPIType.STRING),
                )
        if status == "201" and path in {"/v1/reports", "/v1/claims"}:
            extra["Location"] = _header(
                "Where the new resource is.", Schema(type=OpenAPIType.STRING)
            )
        if extra:
            answer.headers = {**(answer.headers or {}), **extra}
        if method == "get" and status == "200":
            break
    if method == "get" and operation.responses is not None and "304" not in operation.responses:
        operation.responses["304"] = OpenAPIResponse(
            description="Not modified: the If-None-Match tag is the answer's ETag."
        )


def _add_edge(operation: Operation, *, write: bool) -> None:
    parameters = list(operation.parameters or [])
    names = {p.name for p in parameters if isinstance(p, Parameter)}
    if REQUEST_ID.name not in names:
        parameters.append(REQUEST_ID)
    operation.parameters = parameters
    if write:
        # Described, not declared as a parameter: a fuzzer sending one fixed key with
        # different bodies would read the (correct) 422 for a reused key as a broken promise.
        operation.description = (operation.description or "") + IDEMPOTENCY_NOTE
    responses = operation.responses if operation.responses is not None else {}
    for status, answer in responses.items():
        if isinstance(answer, OpenAPIResponse) and status.startswith("2"):
            answer.headers = {**RESPONSE_HEADERS, **(answer.headers or {})}
    statuses = dict(EDGE_PROBLEMS)
    if operation.request_body is None:
        del statuses["413"], statuses["415"]
    for status, description in statuses.items():
        if status not in responses:
            headers: dict[str, OpenAPIHeader | Reference] | None = (
                {"Retry-After": _header("Seconds to wait before retrying.")}
                if status in {"429", "503"}
                else None
            )
            responses[status] = OpenAPIResponse(
                description=description,
                headers=headers,
                content={
                    PROBLEM_JSON: OpenAPIMediaType(schema=Reference("#/components/schemas/Problem"))
                },
            )
    operation.responses = responses


def _add_examples(operation: Operation, recorded: dict[str, Any]) -> None:
    body = operation.request_body
    if "request" in recorded and body is not None and not isinstance(body, Reference):
        for media_type, content in body.content.items():
            if media_type.endswith("json") and not content.examples:
                content.examples = {
                    "seeds": Example(summary="From the seeds", value=recorded["request"])
                }
    for status, value in recorded.get("responses", {}).items():
        answer = (operation.responses or {}).get(status)
        if not isinstance(answer, OpenAPIResponse):
            continue
        for media_type, content in (answer.content or {}).items():
            if media_type.endswith("json") and not content.examples:
                content.examples = {"seeds": Example(summary="From the seeds", value=value)}


def _examples() -> dict[str, dict[str, Any]]:
    text = resources.files("service.api.openapi").joinpath("data/openapi_examples.json").read_text()
    loaded: dict[str, dict[str, Any]] = json.loads(text)
    return loaded


SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}]


def gate_operations(
    openapi: OpenAPI,
    policies: Mapping[tuple[str, str], RoutePolicy],
    *,
    secured: bool,
    rate_limited: bool,
) -> None:
    """Declare what the edge adds to gated routes: keys, 401, 403 and 429, and 400 for bodies
    that are not JSON."""
    for path, item in (openapi.paths or {}).items():
        for method in _METHODS:
            operation: Operation | None = getattr(item, method)
            if operation is None:
                continue
            policy = policies[(path, method)]
            if policy.scope != "public":
                limited = rate_limited and policy.rate_limited
                _gate(operation, secured=secured, rate_limited=limited)


def _gate(operation: Operation, *, secured: bool, rate_limited: bool) -> None:
    responses = operation.responses if operation.responses is not None else {}
    # litestar declares its 400 as application/json; every error here is problem+json.
    if operation.request_body is not None or "400" in responses:
        responses["400"] = _problem("The body is not JSON (or not UTF-8), or a bad request")
    if operation.request_body is not None:
        responses["415"] = _problem("The body is not sent as JSON (Content-Type)")
    if operation.parameters and "422" not in responses:
        responses["422"] = _problem("A parameter is out of its range or malformed")
    if secured:
        operation.security = SECURITY
        responses["401"] = _problem("Missing or invalid API key")
        responses["403"] = _problem("The API key lacks the scope this route needs")
    if rate_limited:
        retry_after = OpenAPIHeader(
            schema=Schema(type=OpenAPIType.INTEGER), description="Seconds to wait."
        )
        responses["429"] = _problem("Too many requests", headers={"Retry-After": retry_after})
    operation.responses = responses


def _problem(description: str, headers: dict[str, OpenAPIHeader] | None = None) -> OpenAPIResponse:
    schema = Reference("#/components/schemas/Problem")
    return OpenAPIResponse(
        description=description,
        headers=dict(headers) if headers else None,
        content={PROBLEM_JSON: OpenAPIMediaType(schema=schema)},
    )
