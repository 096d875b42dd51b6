"""Stored claims and check results as schema.org JSON-LD: Claim and (draft) ClaimReview."""

from collections.abc import Iterable

from schemas.check import CheckResult, Match, MatchedReport
from schemas.claimreview import (
    SCHEMA_ORG,
    ClaimLD,
    ClaimReviewLD,
    CreativeWorkLD,
    OrganizationLD,
    PersonLD,
    RatingLD,
    ReviewLD,
)
from schemas.claims import Rating
from service.store.records import ClaimRecord

# The rating a draft ClaimReview suggests; the fact-checker replaces it with their own scale.
SUGGESTED_RATING = {
    "supported": "Supported by reports",
    "contradicted": "Contradicted by reports",
    "disputed": "Disputed by reports",
    "unverified": "Unverified",
}
STANCE_WORDS = {"supports": "supports", "conflicts": "conflicts with", "related": "is related to"}


def report_work(report: MatchedReport, base_url: str) -> CreativeWorkLD:
    """A report as the CreativeWork a claim appears in, or that a review cites."""
    return CreativeWorkLD(
        url=report.url,
        headline=report.title,
        date_published=report.published_at,
        publisher=OrganizationLD(name=report.source) if report.source else None,
        identifier=f"{base_url}/v1/reports/{report.id}" if report.id is not None else None,
    )


def review_work(rating: Rating) -> CreativeWorkLD:
    """A fact-checker's published review, as a CreativeWork to cite."""
    return CreativeWorkLD(
        url=rating.url,
        headline=f"{rating.reviewer}: {rating.name}",
        date_published=rating.reviewed_at,
        publisher=OrganizationLD(name=rating.reviewer),
    )


def _rating_ld(rating: Rating) -> RatingLD:
    return RatingLD(
        alternate_name=rating.name,
        rating_value=rating.value,
        best_rating=rating.best,
        worst_rating=rating.worst,
    )


def _distinct(works: Iterable[CreativeWorkLD]) -> list[CreativeWorkLD]:
    seen: set[tuple[str | None, str | None]] = set()
    kept: list[CreativeWorkLD] = []
    for work in works:
        key = (work.identifier or work.url, None if work.identifier or work.url else work.headline)
        if key not in seen:
            seen.add(key)
            kept.append(work)
    return kept


def _first_appearance(works: list[CreativeWorkLD]) -> CreativeWorkLD | None:
    dated = [w for w in works if w.date_published]
    return min(dated, key=lambda w: w.date_published or "") if dated else None


def claim_report(claim: ClaimRecord) -> MatchedReport:
    return MatchedReport(
        id=claim.report_id,
        title=claim.report_title,
        source=claim.source,
        url=claim.url,
        published_at=claim.published_at,
    )


def claim_ld(
    claim: ClaimRecord, *, base_url: str, also_in: Iterable[MatchedReport] = ()
) -> ClaimLD:
    """A stored claim as a schema.org Claim: where it appears (its own report first, then
    `also_in`, other reports that state it), and its fact-checker's review if it has one."""
    own = report_work(claim_report(claim), base_url)
    has_own = own.url or own.identifier
    appearances = _distinct(
        [*([own] if has_own else []), *(report_work(r, base_url) for r in also_in)]
    )
    review = []
    if claim.rating is not None:
        review.append(
            ReviewLD(
                author=OrganizationLD(name=claim.rating.reviewer),
                review_rating=_rating_ld(claim.rating),
                date_published=claim.rating.reviewed_at,
                url=claim.rating.url,
            )
        )
    return ClaimLD(
        context=SCHEMA_ORG,
        id=f"{base_url}/v1/claims/{claim.id}",
        text=claim.text,
        author=PersonLD(name=claim.claimant) if claim.claimant else None,
        date_published=claim.published_at,
        appearance=appearances,
        first_appearance=_first_appearance(appearances),
        review=review,
    )


def _restates(match: Match) -> bool:
    """The matched claim says what the statement says (a rating reason with an effect is only
    given to a claim the statement repeats: see service.matching.ratings)."""
    return match.stance == "supports" or any(
        r.kind == "rating" and r.effect != "neutral" for r in match.reasons
    )


def _explanation(result: CheckResult) -> str:
    counts = {s: sum(m.stance == s for m in result.matches) for s in ("supports", "conflicts")}
    if not result.matches:
        return "No indexed report is close enough to the statement."
    reports = {m.report.id if m.report.id is not None else -m.claim.id for m in result.matches}
    claims = "claim" if len(result.matches) == 1 else "claims"
    sources = "report" if len(reports) == 1 else "reports"
    return (
        f"Of {len(result.matches)} matching {claims} (from {len(reports)} {sources}), "
        f"{counts['supports']} support the statement and {counts['conflicts']} conflict with it."
    )


def _review_body(result: CheckResult) -> str:
    lines = []
    for match in result.matches:
        where = " · ".join(
            p for p in (match.report.source, match.report.published_at, match.report.title) if p
        )
        stance = STANCE_WORDS[match.stance]
        lines.append(f"“{match.claim.text}” ({where or 'no source'}) {stance} the statement.")
        lines.extend(f"- {reason.message}" for reason in match.reasons)
    return "\n".join(lines)


def claimreview_ld(
    result: CheckResult, *, base_url: str, today: str, language: str = "en"
) -> ClaimReviewLD:
    """A draft ClaimReview of a checked statement (see schemas.claimreview.ClaimReviewLD).

    A claim imported from a ClaimReview that named no appearance carries the fact-checker's
    own page as its URL: that page is cited once, as the review, and never listed as a place
    the claim appears."""
    reported = [
        m
        for m in result.matches
        if m.claim.rating is None or (m.report.url and m.report.url != m.claim.rating.url)
    ]
    appearances = _distinct(report_work(m.report, base_url) for m in reported if _restates(m))
    ratings = [m.claim.rating for m in result.matches if m.claim.rating is not None]
    cited = _distinct(
        [*(report_work(m.report, base_url) for m in reported), *map(review_work, ratings)]
    )
    claimants = [m.claim.claimant for m in result.matches if _restates(m) and m.claim.claimant]
    return ClaimReviewLD(
        context=SCHEMA_ORG,
        author=OrganizationLD(name="factcheck (draft: replace with the fact-checker)"),
        date_published=today,
        in_language=language,
        claim_reviewed=result.statement,
        item_reviewed=ClaimLD(
            text=result.statement,
            author=OrganizationLD(name=claimants[0]) if claimants else None,
            appearance=appearances,
            first_appearance=_first_appearance(appearances),
        ),
        review_rating=RatingLD(
            alternate_name=SUGGESTED_RATING[result.verdict],
            rating_explanation=_explanation(result),
        ),
        creative_work_status="Draft",
        review_body=_review_body(result) or None,
        citation=cited,
    )
