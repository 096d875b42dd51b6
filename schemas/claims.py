"""Claims: check-worthy sentences of reports, or single claims posted by other apps."""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.analysis import Analysis, Span
from schemas.limits import MAX_FIELD_CHARS, MAX_STATEMENT_CHARS
from schemas.patterns import ISO_DATE_OR_DATE_TIME, NO_NUL, NON_BLANK_NO_NUL

NEXT_CURSOR = (
    "Pass as `cursor` for the next page, unchanged (opaque and signed); absent on the last page."
)
StoredText = Annotated[str, Meta(max_length=MAX_FIELD_CHARS, pattern=NO_NUL)]


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A single claim posted by another app, outside any report."""

    text: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_STATEMENT_CHARS,
            pattern=NON_BLANK_NO_NUL,
            description="The claim: one sentence.",
        ),
    ]
    source: Annotated[
        StoredText | None, Meta(description='Who published it: "Yonhap", "@agency".')
    ] = None
    url: Annotated[StoredText | None, Meta(description="Where it was published.")] = None
    published_at: Annotated[
        Annotated[str, Meta(max_length=40, pattern=ISO_DATE_OR_DATE_TIME)] | None,
        Meta(description="When it was published: an ISO date or date-time."),
    ] = None
    claimant: Annotated[
        StoredText | None, Meta(description="Who made the claim, if not the source.")
    ] = None


class Rating(msgspec.Struct, frozen=True, omit_defaults=True, kw_only=True):
    """A fact-checker's verdict on a claim, as a ClaimReview publishes it (its `reviewRating`)."""

    reviewer: Annotated[
        str,
        Meta(
            min_length=1, max_length=MAX_FIELD_CHARS, description='The fact-checker: "PolitiFact".'
        ),
    ]
    name: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_FIELD_CHARS,
            description='The rating in the reviewer\'s words: "False", "Half True".',
        ),
    ]
    value: Annotated[
        float | None, Meta(description="The rating on the reviewer's scale, `worst` to `best`.")
    ] = None
    best: Annotated[float | None, Meta(description="The best rating of that scale.")] = None
    worst: Annotated[float | None, Meta(description="The worst rating of that scale.")] = None
    reviewed_at: Annotated[
        str | None, Meta(description="When the review was published: an ISO date.")
    ] = None
    url: Annotated[
        Annotated[str, Meta(max_length=MAX_FIELD_CHARS)] | None,
        Meta(description="The review itself."),
    ] = None


class ClaimOut(msgspec.Struct, omit_defaults=True, kw_only=True):
    """A stored claim with its analysis; a report's claim carries its report's details."""

    id: Annotated[int, Meta(description="The claim's id.")]
    text: Annotated[str, Meta(description="The claim's sentence.")]
    checkworthiness: Annotated[float, Meta(description="How check-worthy the claim is, 0-1.")]
    analysis: Annotated[Analysis, Meta(description="What the claim states, found at ingest.")]
    created_at: Annotated[
        str,
        Meta(description="When it was stored (UTC, RFC 3339); claims are never changed in place."),
    ]
    report_id: Annotated[
        int | None, Meta(description="Its report's id; absent for a claim posted on its own.")
    ] = None
    span: Annotated[Span | None, Meta(description="Where it is in its report's stored text.")] = (
        None
    )
    source: Annotated[str | None, Meta(description="Who published it (its report's source).")] = (
        None
    )
    url: Annotated[str | None, Meta(description="Where it was published.")] = None
    published_at: Annotated[
        str | None, Meta(description="When it was published: an ISO date or date-time.")
    ] = None
    claimant: Annotated[str | None, Meta(description="Who made the claim, when known.")] = None
    report_title: Annotated[str | None, Meta(description="Its report's title.")] = None
    rating: Annotated[
        Rating | None, Meta(description="A fact-checker's rating, from an imported ClaimReview.")
    ] = None


class ClaimPage(msgspec.Struct, omit_defaults=True):
    """One page of claims, oldest first."""

    items: Annotated[list[ClaimOut], Meta(description="The claims of this page, by id.")]
    next_cursor: Annotated[str | None, Meta(description=NEXT_CURSOR)] = None
