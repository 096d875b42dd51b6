"""The one error shape: RFC 9457 problem details (`application/problem+json`)."""

from typing import Annotated

import msgspec
from msgspec import Meta


class InvalidParam(msgspec.Struct, omit_defaults=True):
    """One refused field or parameter, and why."""

    name: Annotated[str, Meta(description='The field or parameter: "limit", "checks[0].since".')]
    reason: Annotated[str, Meta(description="What is wrong with it, in words.")]


class Problem(msgspec.Struct, omit_defaults=True, kw_only=True):
    type: Annotated[
        str, Meta(description="A URI naming the kind of problem; about:blank for a plain status.")
    ] = "about:blank"
    title: Annotated[str, Meta(description='The status in words: "Unprocessable Content".')]
    status: Annotated[int, Meta(description="The HTTP status code.")]
    detail: Annotated[str, Meta(description="What went wrong, in words, for this request.")]
    instance: Annotated[str | None, Meta(description="The path that was requested.")] = None
    field: Annotated[
        str | None, Meta(description="The first offending field or parameter, if any.")
    ] = None
    invalid_params: Annotated[
        list[InvalidParam], Meta(description="Every refused field or parameter, and why.")
    ] = []
    request_id: Annotated[
        str | None, Meta(description="The request's X-Request-ID, to find it in the logs.")
    ] = None
