"""The one error shape: RFC 9457 problem details (`application/problem+json`)."""

import msgspec


class InvalidParam(msgspec.Struct, omit_defaults=True):
    name: str
    reason: str


class Problem(msgspec.Struct, omit_defaults=True, kw_only=True):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    field: str | None = None  # the first offending field of a validation error
    invalid_params: list[InvalidParam] = []
    request_id: str | None = None
