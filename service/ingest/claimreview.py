"""ClaimReview items, as fact-checkers publish them -> stored claims that carry their rating.

Each review becomes a one-claim report, so that re-importing the same review (same reviewer,
review URL and claim) replaces it instead of adding a twin: reports are keyed by external_id.
The report stands for where the claim was made (its appearance, its author, its date), and
the claim carries the fact-checker's rating; a check then shows the claim where it appeared
and says who rated it and when.
"""

import hashlib
import math
from typing import TypeVar

from schemas.claimreview import MAX_RATING, ClaimReviewIn, CreativeWorkIn, RatingNumber, ThingIn
from schemas.claims import Rating
from service.errors import InvalidInput
from service.ingest.pipeline import content_hash, reference_date
from service.store.records import NewClaim, NewReport
from service.text.analyse import analyse

EXTERNAL_ID_PREFIX = "claimreview:"

T = TypeVar("T")


def _first(value: T | list[T] | None) -> T | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _number(field: str, value: RatingNumber | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a number") from None
    if not math.isfinite(number) or abs(number) > MAX_RATING:
        raise InvalidInput(field, f"{value!r} is not a number between ±{MAX_RATING:,.0f}")
    return number


def _check_scale(best: float | None, worst: float | None) -> None:
    """A scale runs from worst up to best (schema.org: 1 to 5 unless said otherwise)."""
    if best is not None and worst is not None and best < worst:
        raise InvalidInput("reviewRating.bestRating", "is below worstRating")


def _reject_nul(field: str, value: str | None) -> None:
    # NUL cannot be stored by PostgreSQL and is never part of a review; refuse it up front.
    if value is not None and "\x00" in value:
        raise InvalidInput(field, "contains a NUL character")


def rating_of(review: ClaimReviewIn) -> Rating:
    reviewer = _first(review.author)
    if reviewer is None:
        raise InvalidInput("author", "names no fact-checker")
    given = review.review_rating
    value = _number("reviewRating.ratingValue", given.rating_value)
    best = _number("reviewRating.bestRating", given.best_rating)
    worst = _number("reviewRating.worstRating", given.worst_rating)
    _check_scale(best, worst)
    return Rating(
        reviewer=reviewer.name.strip(),
        name=given.alternate_name.strip(),
        value=value,
        best=best,
        worst=worst,
        reviewed_at=review.date_published,
        url=review.url,
    )


def _appearance(review: ClaimReviewIn) -> CreativeWorkIn | None:
    item = review.item_reviewed
    if item is None:
        return None
    return item.first_appearance or _first(item.appearance)


def _claimant(review: ClaimReviewIn) -> str | None:
    author: ThingIn | None = _first(review.item_reviewed.author) if review.item_reviewed else None
    return author.name.strip() if author is not None else None


def external_id(review: ClaimReviewIn, rating: Rating) -> str:
    """One id per review of one claim: a review page may rate several claims."""
    key = "\n".join((rating.reviewer, review.url or "", review.claim_reviewed.strip()))
    return EXTERNAL_ID_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:40]


def prepare_claimreview(review: ClaimReviewIn) -> NewReport:
    """The rated claim of one review, analysed and ready to store. Pure and CPU-bound."""
    text = review.claim_reviewed.strip()
    for field, value in (("claimReviewed", text), ("url", review.url)):
        _reject_nul(field, value)
    rating = rating_of(review)
    _reject_nul("author.name", rating.reviewer)
    _reject_nul("reviewRating.alternateName", rating.name)
    appearance = _appearance(review)
    claimed_at = (
        (review.item_reviewed.date_published if review.item_reviewed else None)
        or (appearance.date_published if appearance else None)
        or review.date_published
    )
    claimant = _claimant(review)
    claim = NewClaim(
        text=text,
        checkworthiness=1.0,
        analysis=analyse(text, reference_date(claimed_at, "datePublished")),
        start=0,
        end=len(text),
        claimant=claimant,
        rating=rating,
    )
    # Shown as where the claim was found; the review's own page when the appearance is unknown.
    title = (appearance.headline or appearance.name) if appearance else None
    return NewReport(
        text=text,
        content_hash=content_hash(text),
        claims=[claim],
        title=title or review.headline or review.name,
        source=claimant,
        url=(appearance.url if appearance else None) or review.url,
        published_at=claimed_at,
        external_id=external_id(review, rating),
    )
