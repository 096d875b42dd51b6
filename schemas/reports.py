"""Reports: what a client posts, and what the service answers."""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.claims import ClaimOut
from schemas.limits import MAX_FIELD_CHARS, MAX_REPORT_CHARS
from schemas.patterns import ISO_DATE_OR_DATE_TIME, NO_NUL, NON_BLANK_NO_NUL
from schemas.problems import Problem

NonBlankText = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_REPORT_CHARS,
        pattern=NON_BLANK_NO_NUL,
        description="The report's full text (boilerplate is cleaned away at ingest).",
    ),
]
ShortText = Annotated[str, Meta(max_length=MAX_FIELD_CHARS, pattern=NO_NUL)]
IsoDate = Annotated[
    str,
    Meta(
        max_length=40,
        pattern=ISO_DATE_OR_DATE_TIME,
        description="ISO 8601 date or date-time.",
        examples=["2024-10-18", "2024-10-18T09:30:00+09:00"],
    ),
]
Language = Annotated[str, Meta(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)]


class ReportIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    text: NonBlankText
    title: ShortText | None = None
    source: ShortText | None = None
    url: ShortText | None = None
    published_at: IsoDate | None = None
    language: Language = "en"
    external_id: Annotated[str, Meta(min_length=1, max_length=256, pattern=NO_NUL)] | None = None


class ReportSummary(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    claim_count: int
    created_at: str
    updated_at: str
    language: str = "en"
    external_id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None


class ReportOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    text: str
    claims: list[ClaimOut]
    created_at: str
    updated_at: str
    language: str = "en"
    external_id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    replaced: bool = False  # true when this post replaced an existing report


class ReportPage(msgspec.Struct, omit_defaults=True):
    items: list[ReportSummary]
    next_cursor: str | None = None


class BulkItemResult(msgspec.Struct, omit_defaults=True, kw_only=True):
    index: int
    status: int
    report: ReportSummary | None = None
    replaced: bool = False
    error: Problem | None = None


class BulkResult(msgspec.Struct):
    errors: bool
    items: list[BulkItemResult]
