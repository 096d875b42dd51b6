"""schema.org ClaimReview and Claim, as fact-checkers publish them and as the service exports them.

Input: the ClaimReview items fact-checkers publish (https://schema.org/ClaimReview). Unlike the
service's own inputs these ignore unknown fields: published markup carries many properties
(image, sdPublisher, inLanguage...) that the import has no use for, and refusing them would
refuse real feeds. Output: JSON-LD (`application/ld+json`) with `@context` and `@type`.
"""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas.limits import MAX_BULK_ITEMS, MAX_FIELD_CHARS, MAX_STATEMENT_CHARS
from schemas.patterns import NO_NUL, NON_BLANK_NO_NUL
from schemas.reports import IsoDate

SCHEMA_ORG = "https://schema.org"
JSON_LD = "application/ld+json"

# NUL is never part of a review, and PostgreSQL cannot store it: refused in every text.
ShortText = Annotated[str, Meta(max_length=MAX_FIELD_CHARS, pattern=NO_NUL)]
Name = Annotated[str, Meta(min_length=1, max_length=MAX_FIELD_CHARS, pattern=NON_BLANK_NO_NUL)]
# Fact-checkers write rating values as numbers or as numeric strings ("1"). The pattern says
# which strings are numbers (ASCII digits, at most six before the point, so below a million
# like the numbers; no exponent), so that "", "five" or "1e308" is refused like any other
# invalid field, and the document says so.
DECIMAL = r"^[ \t]*[+-]?(?:[0-9]{1,6}(?:\.[0-9]*)?|\.[0-9]+)[ \t]*$"
# No scale in use comes near a million; beyond it a value is a mistake or an overflow probe.
MAX_RATING = 1_000_000.0
RatingNumber = (
    Annotated[float, Meta(ge=-MAX_RATING, le=MAX_RATING)]
    | Annotated[str, Meta(max_length=40, pattern=DECIMAL)]
)


# Input


class ThingIn(msgspec.Struct, kw_only=True):
    """A Person or Organization: the fact-checker, or who made the claim."""

    name: Name
    url: ShortText | None = None


class CreativeWorkIn(msgspec.Struct, kw_only=True, rename="camel"):
    """Where a claim appeared: an article, a post, a video."""

    url: ShortText | None = None
    headline: ShortText | None = None
    name: ShortText | None = None
    date_published: IsoDate | None = None


class ClaimIn(msgspec.Struct, kw_only=True, rename="camel"):
    """`itemReviewed`: the claim as it was made."""

    author: ThingIn | list[ThingIn] | None = None
    date_published: IsoDate | None = None
    appearance: CreativeWorkIn | list[CreativeWorkIn] | None = None
    first_appearance: CreativeWorkIn | None = None


class RatingIn(msgspec.Struct, kw_only=True, rename="camel"):
    alternate_name: Annotated[
        Name, Meta(description="The rating as the fact-checker words it: False, Half True...")
    ]
    rating_value: RatingNumber | None = None
    best_rating: RatingNumber | None = None
    worst_rating: RatingNumber | None = None


class ClaimReviewIn(msgspec.Struct, kw_only=True, rename="camel"):
    type: Annotated[str, Meta(pattern=r"^(https?://schema\.org/)?ClaimReview$")] = msgspec.field(
        default="ClaimReview", name="@type"
    )
    claim_reviewed: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_STATEMENT_CHARS,
            pattern=NON_BLANK_NO_NUL,
            examples=["North Korea has sent 50,000 soldiers to fight for Russia."],
        ),
    ]
    review_rating: RatingIn
    author: Annotated[
        ThingIn | Annotated[list[ThingIn], Meta(min_length=1)],
        Meta(description="The fact-checker who published the review."),
    ]
    item_reviewed: ClaimIn | None = None
    date_published: IsoDate | None = None
    url: ShortText | None = None
    headline: ShortText | None = None
    name: ShortText | None = None


ClaimReviewBatch = Annotated[list[ClaimReviewIn], Meta(min_length=1, max_length=MAX_BULK_ITEMS)]


class ImportedClaimReview(msgspec.Struct, omit_defaults=True, kw_only=True):
    index: int  # position in the posted list
    claim_id: int
    report_id: int
    replaced: bool = False  # the same review (url and claim) was imported before


class ClaimReviewImport(msgspec.Struct):
    items: list[ImportedClaimReview]


# Output: JSON-LD. `@type` is written as a msgspec tag so it is never omitted.


class OrganizationLD(msgspec.Struct, omit_defaults=True, tag_field="@type", tag="Organization"):
    name: str
    url: str | None = None


class PersonLD(msgspec.Struct, omit_defaults=True, tag_field="@type", tag="Person"):
    name: str


class CreativeWorkLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="CreativeWork",
):
    """A report where a claim appears, or that a review cites."""

    url: str | None = None
    headline: str | None = None
    date_published: str | None = None
    publisher: OrganizationLD | None = None
    identifier: str | None = None  # the report's URL in this service, when it has no url


class RatingLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="Rating",
):
    alternate_name: str
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    rating_explanation: str | None = None


class ReviewLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="ClaimReview",
):
    """A fact-checker's review of a stored claim (nested in a Claim, so no @context)."""

    author: OrganizationLD
    review_rating: RatingLD
    date_published: str | None = None
    url: str | None = None


class ClaimLD(
    msgspec.Struct, omit_defaults=True, kw_only=True, rename="camel", tag_field="@type", tag="Claim"
):
    """A schema.org Claim: `GET /v1/claims/{id}` with `Accept: application/ld+json`."""

    context: str | None = msgspec.field(default=None, name="@context")  # None when nested
    id: str | None = msgspec.field(default=None, name="@id")
    text: str
    author: PersonLD | OrganizationLD | None = None
    date_published: str | None = None
    appearance: list[CreativeWorkLD] = []
    first_appearance: CreativeWorkLD | None = None
    review: list[ReviewLD] = []


class ClaimReviewLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="ClaimReview",
):
    """A draft ClaimReview of a checked statement, for a fact-checker to complete and publish.

    The service fills what the check found: the claim, who made it, where it appears, the
    evidence cited and a suggested rating with its reasons, the draft's date and language;
    `author` names the service that drafted it, for the fact-checker to replace with their own
    (with `url`), and `creativeWorkStatus` stays "Draft" until they do.
    """

    context: str = msgspec.field(name="@context")
    author: OrganizationLD | None = None
    date_published: str | None = None
    in_language: str | None = None
    claim_reviewed: str
    item_reviewed: ClaimLD
    review_rating: RatingLD
    creative_work_status: str  # "Draft": the fact-checker publishes it
    review_body: str | None = None
    citation: list[CreativeWorkLD] = []
