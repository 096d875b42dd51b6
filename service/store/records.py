"""What the store keeps: reports, claims with their stored analysis, and the change feed."""

from typing import Literal

import msgspec

from schemas.analysis import Analysis
from schemas.claims import Rating


class NewClaim(msgspec.Struct, frozen=True, kw_only=True):
    """A claim to store. For a report's claims, `start`/`end` locate it in the report text."""

    text: str
    checkworthiness: float
    analysis: Analysis
    start: int | None = None
    end: int | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    claimant: str | None = None
    rating: Rating | None = None  # a fact-checker's verdict, from an imported ClaimReview


class NewReport(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    content_hash: str  # sha256 of the text, to find a re-post of the same text and source
    claims: list[NewClaim]
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    language: str = "en"
    external_id: str | None = None


class ReportRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    content_hash: str
    claim_count: int
    created_at: str  # ISO 8601 UTC
    updated_at: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    language: str = "en"
    external_id: str | None = None


class ClaimRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A stored claim; for a report's claim, source, url, published_at and report_title are
    the report's."""

    id: int
    text: str
    checkworthiness: float
    analysis: Analysis
    created_at: str
    report_id: int | None = None
    start: int | None = None
    end: int | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    claimant: str | None = None
    report_title: str | None = None
    rating: Rating | None = None


class PutResult(msgspec.Struct, frozen=True, kw_only=True):
    report: ReportRecord
    claims: list[ClaimRecord]
    replaced: bool  # an existing report (same external_id, or same text and source) was replaced


class Change(msgspec.Struct, frozen=True):
    """One entry of the change feed: a claim was stored (upsert) or removed (delete)."""

    revision: int
    claim_id: int
    op: Literal["upsert", "delete"]


class ClaimFilter(msgspec.Struct, frozen=True, kw_only=True):
    report_id: int | None = None
    source: str | None = None
    since: str | None = None  # ISO date: claims whose published_at is on or after it
    # ISO date or date-time (UTC without an offset): claims stored at or after it. A claim is
    # never changed in place (a replaced report's claims are stored anew), so its created_at
    # is the last time it changed.
    updated_since: str | None = None
