"""An example ClaimReview, as a fact-checker publishes one, for tests that import reviews."""

from typing import Any

REVIEW_URL = "https://factcheck.example/nk-100000"
CLAIM_REVIEW: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": "North Korea has sent 100,000 soldiers to fight for Russia.",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "datePublished": "2024-11-05",
    "url": REVIEW_URL,
    "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
}
