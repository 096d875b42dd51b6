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

    name: Annotated[Name, Meta(description='Their name: "PolitiFact", "Jane Doe".')]
    url: Annotated[ShortText | None, Meta(description="Their page.")] = None


class CreativeWorkIn(msgspec.Struct, kw_only=True, rename="camel"):
    """Where a claim appeared: an article, a post, a video."""

    url: Annotated[ShortText | None, Meta(description="Where it appeared.")] = None
    headline: Annotated[ShortText | None, Meta(description="Its headline.")] = None
    name: Annotated[ShortText | None, Meta(description="Its name, when it has no headline.")] = None
    date_published: IsoDate | None = None


class ClaimIn(msgspec.Struct, kw_only=True, rename="camel"):
    """`itemReviewed`: the claim as it was made."""

    author: Annotated[ThingIn | list[ThingIn] | None, Meta(description="Who made the claim.")] = (
        None
    )
    date_published: IsoDate | None = None
    appearance: Annotated[
        CreativeWorkIn | list[CreativeWorkIn] | None,
        Meta(description="Where the claim appeared: articles, posts, videos."),
    ] = None
    first_appearance: Annotated[
        CreativeWorkIn | None, Meta(description="Where the claim first appeared.")
    ] = None


class RatingIn(msgspec.Struct, kw_only=True, rename="camel"):
    """`reviewRating`: the fact-checker's verdict on the claim."""

    alternate_name: Annotated[
        Name, Meta(description="The rating as the fact-checker words it: False, Half True...")
    ]
    rating_value: Annotated[
        RatingNumber | None, Meta(description="The rating on the fact-checker's numeric scale.")
    ] = None
    best_rating: Annotated[
        RatingNumber | None, Meta(description="The best value of that scale.")
    ] = None
    worst_rating: Annotated[
        RatingNumber | None,
        Meta(description="The worst value of that scale; not above `bestRating` (else 422)."),
    ] = None


class ClaimReviewIn(msgspec.Struct, kw_only=True, rename="camel"):
    """A fact-checker's published review of a claim (https://schema.org/ClaimReview)."""

    type: Annotated[
        str,
        Meta(
            pattern=r"^(https?://schema\.org/)?ClaimReview$",
            description="ClaimReview (or its schema.org URL).",
        ),
    ] = msgspec.field(default="ClaimReview", name="@type")
    claim_reviewed: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_STATEMENT_CHARS,
            pattern=NON_BLANK_NO_NUL,
            examples=["North Korea has sent 50,000 soldiers to fight for Russia."],
            description="The claim, as the review words it: stored as a claim.",
        ),
    ]
    review_rating: Annotated[RatingIn, Meta(description="The verdict on the claim.")]
    author: Annotated[
        ThingIn | Annotated[list[ThingIn], Meta(min_length=1)],
        Meta(description="The fact-checker who published the review."),
    ]
    item_reviewed: Annotated[
        ClaimIn | None, Meta(description="The claim as it was made: by whom, where, when.")
    ] = None
    date_published: IsoDate | None = None
    url: Annotated[
        ShortText | None,
        Meta(description="The review's page; with the claim, it names the review for re-imports."),
    ] = None
    headline: Annotated[ShortText | None, Meta(description="The review's headline.")] = None
    name: Annotated[ShortText | None, Meta(description="The review's name.")] = None


ClaimReviewBatch = Annotated[list[ClaimReviewIn], Meta(min_length=1, max_length=MAX_BULK_ITEMS)]


class ImportedClaimReview(msgspec.Struct, omit_defaults=True, kw_only=True):
    """Where one imported review was stored."""

    index: Annotated[int, Meta(description="Its position in the posted list, from 0.")]
    claim_id: Annotated[int, Meta(description="The stored claim, with the review's rating.")]
    report_id: Annotated[int, Meta(description="The report the review was stored as.")]
    replaced: Annotated[
        bool, Meta(description="True when the same review (url and claim) was imported before.")
    ] = False


class ClaimReviewImport(msgspec.Struct):
    """One result per imported review, in order."""

    items: Annotated[
        list[ImportedClaimReview], Meta(description="One result per review, in order.")
    ]


# Output: JSON-LD. `@type` is written as a msgspec tag so it is never omitted.


class OrganizationLD(msgspec.Struct, omit_defaults=True, tag_field="@type", tag="Organization"):
    """A schema.org Organization: a publisher, a fact-checker."""

    name: Annotated[str, Meta(description="Its name.")]
    url: Annotated[str | None, Meta(description="Its page.")] = None


class PersonLD(msgspec.Struct, omit_defaults=True, tag_field="@type", tag="Person"):
    """A schema.org Person: who made a claim."""

    name: Annotated[str, Meta(description="Their name.")]


class CreativeWorkLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="CreativeWork",
):
    """A report where a claim appears, or that a review cites."""

    url: Annotated[str | None, Meta(description="Where it was published.")] = None
    headline: Annotated[str | None, Meta(description="Its headline.")] = None
    date_published: Annotated[
        str | None, Meta(description="When it was published: an ISO date or date-time.")
    ] = None
    publisher: Annotated[OrganizationLD | None, Meta(description="Who published it.")] = None
    identifier: Annotated[
        str | None, Meta(description="The report's URL in this service, when it has no url.")
    ] = None


class RatingLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="Rating",
):
    """A schema.org Rating: a verdict on a claim, in words and on a scale."""

    alternate_name: Annotated[
        str, Meta(description='The rating in words: "False", "Half True", "Disputed".')
    ]
    rating_value: Annotated[float | None, Meta(description="The rating on its scale.")] = None
    best_rating: Annotated[float | None, Meta(description="The best value of the scale.")] = None
    worst_rating: Annotated[float | None, Meta(description="The worst value of the scale.")] = None
    rating_explanation: Annotated[
        str | None, Meta(description="Why this rating: the reasons, in words.")
    ] = None


class ReviewLD(
    msgspec.Struct,
    omit_defaults=True,
    kw_only=True,
    rename="camel",
    tag_field="@type",
    tag="ClaimReview",
):
    """A fact-checker's review of a stored claim (nested in a Claim, so no @context)."""

    author: Annotated[OrganizationLD, Meta(description="The fact-checker.")]
    review_rating: Annotated[RatingLD, Meta(description="Their verdict on the claim.")]
    date_published: Annotated[
        str | None, Meta(description="When the review was published: an ISO date.")
    ] = None
    url: Annotated[str | None, Meta(description="The review's page.")] = None


class ClaimLD(
    msgspec.Struct, omit_defaults=True, kw_only=True, rename="camel", tag_field="@type", tag="Claim"
):
    """A schema.org Claim: `GET /v1/claims/{id}` with `Accept: application/ld+json`."""

    context: Annotated[
        str | None, Meta(description="https://schema.org; absent when nested in a ClaimReview.")
    ] = msgspec.field(default=None, name="@context")
    id: Annotated[str | None, Meta(description="The claim's URL in this service.")] = msgspec.field(
        default=None, name="@id"
    )
    text: Annotated[str, Meta(description="The claim's sentence.")]
    author: Annotated[
        PersonLD | OrganizationLD | None, Meta(description="Who made the claim, when known.")
    ] = None
    date_published: Annotated[
        str | None, Meta(description="When it was first published: an ISO date or date-time.")
    ] = None
    appearance: Annotated[list[CreativeWorkLD], Meta(description="The reports it appears in.")] = []
    first_appearance: Annotated[
        CreativeWorkLD | None, Meta(description="The earliest report it appears in.")
    ] = None
    review: Annotated[list[ReviewLD], Meta(description="Fact-checkers' reviews of it.")] = []


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

    context: Annotated[str, Meta(description="https://schema.org")] = msgspec.field(name="@context")
    author: Annotated[
        OrganizationLD | None,
        Meta(description="The service that drafted it: replace with the fact-checker."),
    ] = None
    date_published: Annotated[
        str | None, Meta(description="When the draft was made: an ISO date.")
    ] = None
    in_language: Annotated[str | None, Meta(description="The review's language (BCP 47).")] = None
    claim_reviewed: Annotated[str, Meta(description="The checked statement.")]
    item_reviewed: Annotated[
        ClaimLD, Meta(description="The claim: who made it and where it appears.")
    ]
    review_rating: Annotated[RatingLD, Meta(description="The suggested rating, with its reasons.")]
    creative_work_status: Annotated[
        str, Meta(description='"Draft" until the fact-checker publishes it.')
    ]
    review_body: Annotated[str | None, Meta(description="What the check found, in words.")] = None
    citation: Annotated[
        list[CreativeWorkLD], Meta(description="The reports cited as evidence, once each.")
    ] = []
