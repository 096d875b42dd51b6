"""Claims: check-worthy sentences of reports, or single claims posted by other apps."""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.analysis import Analysis, Span
from schemas.limits import MAX_FIELD_CHARS, MAX_STATEMENT_CHARS
from schemas.patterns import ISO_DATE_OR_DATE_TIME, NO_NUL, NON_BLANK_NO_NUL

StoredText = Annotated[str, Meta(max_length=MAX_FIELD_CHARS, pattern=NO_NUL)]


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    text: Annotated[
        str, Meta(min_length=1, max_length=MAX_STATEMENT_CHARS, pattern=NON_BLANK_NO_NUL)
    ]
    source: StoredText | None = None
    url: StoredText | None = None
    published_at: (
        Annotated[
            str,
            Meta(max_length=40, pattern=ISO_DATE_OR_DATE_TIME),
        ]
        | None
    ) = None
    claimant: StoredText | None = None


class Rating(msgspec.Struct, frozen=True, omit_defaults=True, kw_only=True):
    """A fact-checker's verdict on a claim, as a ClaimReview publishes it (its `reviewRating`)."""

    reviewer: Annotated[str, Meta(min_length=1, max_length=MAX_FIELD_CHARS)]  # "PolitiFact"
    name: Annotated[str, Meta(min_length=1, max_length=MAX_FIELD_CHARS)]  # "False", "Half True"
    value: float | None = None  # on the reviewer's scale, from `worst` to `best`
    best: float | None = None
    worst: float | None = None
    reviewed_at: str | None = None  # ISO date the review was published
    url: Annotated[str, Meta(max_length=MAX_FIELD_CHARS)] | None = None  # the review itself


class ClaimOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    text: str
    checkworthiness: float
    analysis: Analysis
    created_at: str
    report_id: int | None = None
    span: Span | None = None  # code points in the report's stored text
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    claimant: str | None = None
    report_title: str | None = None
    rating: Rating | None = None  # set when a fact-checker's ClaimReview rated this claim


class ClaimPage(msgspec.Struct, omit_defaults=True):
    items: list[ClaimOut]
    next_cursor: str | None = None
