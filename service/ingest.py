"""Report -> claims: the one path the API, the CLI and the seeder all take.

Claim analysis happens here, once, and is stored; a check later analyses only its statement.
"""

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

import msgspec

from schemas.claims import ClaimIn
from schemas.reports import ReportIn
from service.errors import InvalidInput
from service.store.base import Store
from service.store.records import ClaimRecord, NewClaim, NewReport, PutResult
from service.text.analyse import analyse
from service.text.claims import extract_claims


def reference_date(published_at: str | None, field: str = "published_at") -> date | None:
    """The calendar date of an ISO date or date-time, to resolve "June 4" or "last year"."""
    if published_at is None:
        return None
    try:
        return date.fromisoformat(published_at[:10])
    except ValueError as exc:
        raise InvalidInput(field, f"{published_at!r} is not a real calendar date") from exc


def normalised_timestamp(value: str | None, field: str = "published_at") -> str | None:
    """An ISO date as given; a date-time read by `datetime` and written back in RFC 3339 form
    ("2024-10-18 09:30" -> "2024-10-18T09:30:00", "+0900" -> "+09:00"), so stored dates
    compare and filter alike. What `datetime` cannot read is refused in words."""
    if value is None or len(value) == len("2024-10-18"):
        return value
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise InvalidInput(
            field,
            f"{value!r} is not a date-time: expected a date such as 2024-10-18, or a date and "
            "time such as 2024-10-18T09:30:00+09:00",
        ) from exc


def _reject_control_characters(field: str, value: str | None) -> None:
    # NUL cannot be stored by PostgreSQL and is never part of an article; refuse it up front so
    # both backends behave the same and nothing is silently altered.
    if value is not None and "\x00" in value:
        raise InvalidInput(field, "contains a NUL character")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def prepare_report(report: ReportIn) -> NewReport:
    """Clean, split, select and analyse: everything but the write. Pure and CPU-bound."""
    for field in ("text", "title", "source", "url", "external_id"):
        _reject_control_characters(field, getattr(report, field))
    when = reference_date(report.published_at)
    claims = [
        NewClaim(
            text=found.text,
            checkworthiness=round(found.checkworthiness, 4),
            analysis=analyse(found.text, when),
            start=found.start,
            end=found.end,
        )
        for found in extract_claims(report.text)
    ]
    return NewReport(
        text=report.text,
        content_hash=content_hash(report.text),
        claims=claims,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=normalised_timestamp(report.published_at),
        language=report.language,
        external_id=report.external_id,
    )


def prepare_claim(claim: ClaimIn) -> NewClaim:
    """A single claim posted by another app: analysed as is, whatever its check-worthiness."""
    for field in ("text", "source", "url", "claimant"):
        _reject_control_characters(field, getattr(claim, field))
    when = reference_date(claim.published_at)
    return NewClaim(
        text=claim.text,
        checkworthiness=1.0,
        analysis=analyse(claim.text, when),
        source=claim.source,
        url=claim.url,
        published_at=normalised_timestamp(claim.published_at),
        claimant=claim.claimant,
    )


async def ingest_reports(store: Store, reports: Sequence[ReportIn]) -> list[PutResult]:
    """Prepare and store reports in one transaction, in order."""
    return await store.put_reports([prepare_report(report) for report in reports])


async def ingest_claim(store: Store, claim: ClaimIn) -> ClaimRecord:
    return await store.put_claim(prepare_claim(claim))


def decode_report(raw: bytes | str) -> ReportIn:
    """One report from JSON, validated by the wire type (for files and NDJSON lines)."""
    return msgspec.json.decode(raw, type=ReportIn)
