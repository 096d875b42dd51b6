"""Reports: what a client posts, and what the service answers."""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.claims import NEXT_CURSOR, ClaimOut
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
REPORT_ID = "The report's id (GET /v1/reports/{id})."
CREATED_AT = "When it was first stored (UTC, RFC 3339)."
UPDATED_AT = "When it was last stored or replaced (UTC, RFC 3339)."
LANGUAGE = "The report's language (BCP 47)."
EXTERNAL_ID = "The poster's id for it; a post with the same one replaces it."
PUBLISHED_AT = "When it was published: an ISO date or date-time, as posted."
Language = Annotated[str, Meta(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)]


class ReportIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A news report to ingest: its claims are extracted, analysed and indexed."""

    text: NonBlankText
    title: Annotated[ShortText | None, Meta(description="The headline.")] = None
    source: Annotated[ShortText | None, Meta(description='The publisher: "Yonhap".')] = None
    url: Annotated[ShortText | None, Meta(description="Where it was published.")] = None
    published_at: IsoDate | None = None
    language: Annotated[
        Language, Meta(description="The report's language (BCP 47): en, de, pt-BR...")
    ] = "en"
    external_id: Annotated[
        Annotated[str, Meta(min_length=1, max_length=256, pattern=NO_NUL)] | None,
        Meta(description="Your id for it: a report posted again with it replaces the stored one."),
    ] = None


class ReportSummary(msgspec.Struct, omit_defaults=True, kw_only=True):
    """A stored report without its text and claims."""

    id: Annotated[int, Meta(description=REPORT_ID)]
    claim_count: Annotated[int, Meta(description="How many claims were extracted from it.")]
    created_at: Annotated[str, Meta(description=CREATED_AT)]
    updated_at: Annotated[str, Meta(description=UPDATED_AT)]
    language: Annotated[str, Meta(description=LANGUAGE)] = "en"
    external_id: Annotated[str | None, Meta(description=EXTERNAL_ID)] = None
    title: Annotated[str | None, Meta(description="The headline.")] = None
    source: Annotated[str | None, Meta(description="The publisher.")] = None
    url: Annotated[str | None, Meta(description="Where it was published.")] = None
    published_at: Annotated[str | None, Meta(description=PUBLISHED_AT)] = None


class ReportOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    """A stored report with its text and claims."""

    id: Annotated[int, Meta(description=REPORT_ID)]
    text: Annotated[str, Meta(description="The report's text, as stored (cleaned).")]
    claims: Annotated[list[ClaimOut], Meta(description="Its claims, in text order.")]
    created_at: Annotated[str, Meta(description=CREATED_AT)]
    updated_at: Annotated[str, Meta(description=UPDATED_AT)]
    language: Annotated[str, Meta(description=LANGUAGE)] = "en"
    external_id: Annotated[str | None, Meta(description=EXTERNAL_ID)] = None
    title: Annotated[str | None, Meta(description="The headline.")] = None
    source: Annotated[str | None, Meta(description="The publisher.")] = None
    url: Annotated[str | None, Meta(description="Where it was published.")] = None
    published_at: Annotated[str | None, Meta(description=PUBLISHED_AT)] = None
    replaced: Annotated[bool, Meta(description="True when this post replaced a stored report.")] = (
        False
    )


class ReportPage(msgspec.Struct, omit_defaults=True):
    """One page of reports, oldest first."""

    items: Annotated[list[ReportSummary], Meta(description="The reports of this page, by id.")]
    next_cursor: Annotated[str | None, Meta(description=NEXT_CURSOR)] = None


class BulkItemResult(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The outcome of one item of a bulk ingest."""

    index: Annotated[int, Meta(description="The item's position in the request, from 0.")]
    status: Annotated[
        int, Meta(description="As for a single post: 201 stored, 200 replaced, 4xx refused.")
    ]
    report: Annotated[
        ReportSummary | None, Meta(description="The stored report, when it was stored.")
    ] = None
    replaced: Annotated[bool, Meta(description="True when it replaced a stored report.")] = False
    error: Annotated[Problem | None, Meta(description="Why the item was refused, when it was.")] = (
        None
    )


class BulkResult(msgspec.Struct):
    """One result per item of a bulk ingest, in order."""

    errors: Annotated[bool, Meta(description="True when any item was refused.")]
    items: Annotated[list[BulkItemResult], Meta(description="One result per item, in order.")]
