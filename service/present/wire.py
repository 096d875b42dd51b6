"""Store records -> wire types. The edge is the only place that knows both."""

from urllib.parse import urlencode

from schemas.analysis import Span
from schemas.claims import ClaimOut
from schemas.reports import ReportOut, ReportSummary
from service.store.records import ClaimRecord, ReportRecord


def claim_out(claim: ClaimRecord) -> ClaimOut:
    span = None
    if claim.start is not None and claim.end is not None:
        span = Span(claim.start, claim.end)
    return ClaimOut(
        id=claim.id,
        text=claim.text,
        checkworthiness=claim.checkworthiness,
        analysis=claim.analysis,
        created_at=claim.created_at,
        report_id=claim.report_id,
        span=span,
        source=claim.source,
        url=claim.url,
        published_at=claim.published_at,
        claimant=claim.claimant,
        report_title=claim.report_title,
        rating=claim.rating,
    )


def report_summary(report: ReportRecord) -> ReportSummary:
    return ReportSummary(
        id=report.id,
        claim_count=report.claim_count,
        created_at=report.created_at,
        updated_at=report.updated_at,
        language=report.language,
        external_id=report.external_id,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=report.published_at,
    )


def report_out(
    report: ReportRecord, claims: list[ClaimRecord], *, replaced: bool = False
) -> ReportOut:
    return ReportOut(
        id=report.id,
        text=report.text,
        claims=[claim_out(c) for c in claims],
        created_at=report.created_at,
        updated_at=report.updated_at,
        language=report.language,
        external_id=report.external_id,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=report.published_at,
        replaced=replaced,
    )


# The largest row id the API accepts: both backends store 64-bit integers, but JSON numbers
# (in JavaScript, and in the OpenAPI document's `maximum`) are exact only up to 2**53 - 1.
MAX_ROW_ID = 2**53 - 1


def next_link(path: str, query: list[tuple[str, str]], cursor: str | None) -> dict[str, str]:
    """A `Link: <...>; rel="next"` header for a page that has a next one (RFC 8288)."""
    if cursor is None:
        return {}
    kept = [(name, value) for name, value in query if name != "cursor"]
    return {"Link": f'<{path}?{urlencode([*kept, ("cursor", cursor)])}>; rel="next"'}
