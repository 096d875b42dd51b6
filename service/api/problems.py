"""The one error shape at the edge: every exception becomes RFC 9457 problem+json.

Domain errors know nothing of HTTP; this map is the only place that gives them a status.
"""

import logging
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec

from schemas.problems import InvalidParam, Problem
from service.errors import InvalidCursor, InvalidInput, NotFound, StoreError, StoreUnavailable
from service.present.wording import humane

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://factcheck.dev/problems/"

log = logging.getLogger("factcheck.api")


def problem(status: int, detail: str = "", *, kind: str | None = None, **extra: Any) -> Problem:
    title = HTTPStatus(status).phrase
    type_ = f"{TYPE_BASE}{kind}" if kind else "about:blank"
    return Problem(type=type_, title=title, status=status, detail=detail, **extra)


def problem_response(request: Request[Any, Any, Any], body: Problem) -> Response[Problem]:
    headers = {}
    if body.status == HTTPStatus.SERVICE_UNAVAILABLE:
        headers["Retry-After"] = "1"
    # The id the observer gave this request (echoed as X-Request-ID): quoted in a bug report,
    # it finds the request's log lines even when only the body was kept.
    request_id = request.scope.get("state", {}).get("request_id")
    return Response(
        content=msgspec.structs.replace(body, instance=request.url.path, request_id=request_id),
        status_code=body.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Problem]:
    params = _invalid_params(exc.extra) or _missing_param(exc.detail)
    detail = (
        humane(exc.detail) if not params else "; ".join(f"{p.name}: {p.reason}" for p in params)
    )
    body = problem(
        422,
        detail,
        kind="validation",
        field=params[0].name if params else None,
        invalid_params=params,
    )
    return problem_response(request, body)


def _invalid_params(extra: Any) -> list[InvalidParam]:
    # litestar puts msgspec's message and the offending key (body path or query name) in `extra`.
    items = extra if isinstance(extra, list) else []
    found: list[InvalidParam] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key") or "body").removeprefix("$.").replace("`", "")
        reason = humane(str(item.get("message", "is not valid")))
        if item.get("source") == "body" and key == BODY_KWARG:  # the body as a whole
            key = "body"
            reason = "is required" if reason == repr(BODY_KWARG) else reason  # litestar's KeyError
        missing = missing_field(reason)
        if missing:  # name the field that is missing, not the object that lacks it
            key = missing if key == "body" else f"{key}.{missing}"
            reason = "is required"
        found.append(InvalidParam(name=key, reason=reason))
    return found


BODY_KWARG = "data"  # the handlers' body parameter, which litestar reports as the key
_MISSING_FIELD = re.compile(r"^Object missing required field `([^`]+)`")


def missing_field(message: str) -> str | None:
    """The field a msgspec "Object missing required field `x`" message names, if it is one."""
    missing = _MISSING_FIELD.match(message)
    return missing.group(1) if missing else None


# litestar names a missing required parameter only in its message (and with the query string).
_MISSING = re.compile(r"^Missing required \w+ parameter '([^']+)'")


def _missing_param(detail: str) -> list[InvalidParam]:
    missing = _MISSING.match(detail)
    return [InvalidParam(name=missing.group(1), reason="is required")] if missing else []


def _http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    status = exc.status_code
    detail = exc.detail if exc.detail != HTTPStatus(status).phrase else ""
    response = problem_response(request, problem(status, detail or _explain(request, status)))
    response.headers.update(exc.headers or {})  # e.g. `Allow` on 405, which RFC 9110 requires
    return response


def _explain(request: Request[Any, Any, Any], status: int) -> str:
    """A sentence for the statuses litestar raises without one."""
    route = f"{request.method} {request.url.path}"
    return {
        404: f"nothing is served at {route}",
        405: f"{request.method} is not allowed on {request.url.path}",
        413: f"the body is over the {request.app.request_max_body_size} bytes allowed",
    }.get(status, HTTPStatus(status).description)


def _field_problem(
    request: Request[Any, Any, Any], exc: InvalidInput | InvalidCursor, status: int, kind: str
) -> Response[Problem]:
    body = problem(
        status,
        str(exc),
        kind=kind,
        field=exc.field,
        invalid_params=[InvalidParam(name=exc.field, reason=exc.reason)],
    )
    return problem_response(request, body)


def _invalid_input(request: Request[Any, Any, Any], exc: InvalidInput) -> Response[Problem]:
    return _field_problem(request, exc, 422, "validation")


def _invalid_cursor(request: Request[Any, Any, Any], exc: InvalidCursor) -> Response[Problem]:
    return _field_problem(request, exc, 400, "invalid-cursor")


def _not_found(request: Request[Any, Any, Any], exc: NotFound) -> Response[Problem]:
    return problem_response(request, problem(404, str(exc), kind="not-found"))


def _unavailable(request: Request[Any, Any, Any], exc: StoreUnavailable) -> Response[Problem]:
    log.warning("store unavailable: %s", exc)
    detail = "the database cannot be reached right now; retry shortly"
    return problem_response(request, problem(503, detail, kind="store-unavailable"))


def _store_error(request: Request[Any, Any, Any], exc: StoreError) -> Response[Problem]:
    log.error("store refused an operation: %s", exc)
    return problem_response(request, problem(500, "the database refused the operation"))


# msgspec raises these, not a DecodeError, while litestar decodes a JSON body; litestar lets them
# through, so without a handler a client's bad bytes would be answered 500.
DEEP_JSON = "while deserializing"  # msgspec's RecursionError message: the body nests too deeply


def _not_utf8(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> Response[Problem]:
    # msgspec's `exc.start` counts from the string being decoded, not the body: leave it out.
    return problem_response(request, problem(400, f"the body is not valid UTF-8 ({exc.reason})"))


def _too_deep(request: Request[Any, Any, Any], exc: RecursionError) -> Response[Problem]:
    if DEEP_JSON not in str(exc):
        return _unexpected(request, exc)
    return problem_response(request, problem(400, "the body's JSON is nested too deeply"))


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, problem(500, "an unexpected error occurred"))


# ValidationException and NotFoundException subclass ValueError: never map ValueError itself.
HANDLERS: dict[type[Exception] | int, Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    ValidationException: _validation,
    HTTPException: _http,
    InvalidCursor: _invalid_cursor,  # litestar takes the handler nearest in the MRO: not 422
    InvalidInput: _invalid_input,
    NotFound: _not_found,
    StoreUnavailable: _unavailable,
    StoreError: _store_error,
    UnicodeDecodeError: _not_utf8,
    RecursionError: _too_deep,
    Exception: _unexpected,
}


def responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI declarations of the problem+json answers a route can give."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=HTTPStatus(status).phrase,
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for status in statuses
    }
