"""What both backends share about rows: column order, timestamps, analysis JSON, text checks.

Rows travel as plain tuples in the column orders below, so one decoder serves SQLite and
PostgreSQL and both hand out byte-identical records.
"""

import functools
import re
from datetime import UTC, datetime
from typing import Any, NamedTuple

import msgspec

from schemas.analysis import Analysis
from schemas.claims import Rating
from service.errors import StoreError
from service.store.records import ClaimRecord, NewClaim, NewReport, ReportRecord

# Column orders of the tuples `claim_from_row` and `report_from_row` decode. Each backend
# selects these names, with `created_at`/`updated_at` rendered by `TIMESTAMP_FORMAT`.
CLAIM_COLUMNS = (
    "id",
    "report_id",
    "text",
    "checkworthiness",
    "analysis",
    "span_start",
    "span_end",
    "source",
    "url",
    "published_at",
    "claimant",
    "report_title",
    "created_at",
    "rating",
)
REPORT_COLUMNS = (
    "id",
    "text",
    "content_hash",
    "claim_count",
    "created_at",
    "updated_at",
    "title",
    "source",
    "url",
    "published_at",
    "language",
    "external_id",
)

# The size of the keys a store makes for `Store.signing_key`: as long as SHA-256's output.
KEY_BYTES = 32

# ISO 8601 UTC with microseconds and a 'Z': fixed width, so the strings also sort in time order.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# An escaped NUL in JSON that is not itself the tail of an escaped backslash ("\\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


@functools.cache
def _analysis_decoder() -> msgspec.json.Decoder[Analysis]:
    return msgspec.json.Decoder(Analysis)


def encode_analysis(analysis: Analysis) -> str:
    encoded = msgspec.json.encode(analysis)
    if _JSON_NUL.search(encoded):
        raise StoreError("claim analysis contains a NUL character, which the store does not keep")
    return encoded.decode()


def decode_analysis(raw: str | bytes) -> Analysis:
    return _analysis_decoder().decode(raw)


@functools.cache
def _rating_decoder() -> msgspec.json.Decoder[Rating]:
    return msgspec.json.Decoder(Rating)


def encode_rating(rating: Rating | None) -> str | None:
    if rating is None:
        return None
    return msgspec.json.encode(rating).decode()


def decode_rating(raw: str | bytes | None) -> Rating | None:
    return None if raw is None else _rating_decoder().decode(raw)


def check_text(field: str, value: str | None) -> None:
    """Refuse text no backend can keep, the same way in every backend.

    PostgreSQL rejects NUL in text and JSONB, and neither backend can encode a lone surrogate
    as UTF-8; the service cleans input before it gets here, so meeting one is a caller bug.
    """
    if value is None:
        return
    if "\x00" in value:
        raise StoreError(f"{field} contains a NUL character, which the store does not keep")
    try:
        value.encode()
    except UnicodeEncodeError as exc:
        raise StoreError(f"{field} is not valid Unicode text: {exc.reason}") from exc


def check_report(report: NewReport) -> None:
    for field in ("text", "content_hash", "title", "source", "url", "published_at"):
        check_text(f"report.{field}", getattr(report, field))
    check_text("report.language", report.language)
    check_text("report.external_id", report.external_id)
    for claim in report.claims:
        check_claim(claim)


def check_claim(claim: NewClaim) -> None:
    for field in ("text", "source", "url", "published_at", "claimant"):
        check_text(f"claim.{field}", getattr(claim, field))
    if claim.rating is not None:
        for field in ("reviewer", "name", "reviewed_at", "url"):
            check_text(f"claim.rating.{field}", getattr(claim.rating, field))


def claim_values(
    claim: NewClaim,
    *,
    claim_id: int,
    report_id: int | None,
    report: NewReport | None,
    created_at: object,
) -> tuple[Any, ...]:
    """The row to insert for `claim`, in `CLAIM_COLUMNS` order.

    A report's claims carry copies of the report's source, url, date and title: the hot-path
    lookups (get_claims, filters) then read one table, and the copies cannot go stale because
    a report is only ever rewritten together with its claims.
    """
    if report is None:
        source, url, published_at, title = claim.source, claim.url, claim.published_at, None
    else:
        source = claim.source if report.source is None else report.source
        url = claim.url if report.url is None else report.url
        published_at = claim.published_at if report.published_at is None else report.published_at
        title = report.title
    return (
        claim_id,
        report_id,
        claim.text,
        claim.checkworthiness,
        encode_analysis(claim.analysis),
        claim.start,
        claim.end,
        source,
        url,
        published_at,
        claim.claimant,
        title,
        created_at,
        encode_rating(claim.rating),
    )


def claim_from_values(
    values: tuple[Any, ...], analysis: Analysis, rating: Rating | None, created_at: str
) -> ClaimRecord:
    """The record of a claim just written, built from its insert row without reading it back."""
    return ClaimRecord(
        id=values[0],
        report_id=values[1],
        text=values[2],
        checkworthiness=values[3],
        analysis=analysis,
        start=values[5],
        end=values[6],
        source=values[7],
        url=values[8],
        published_at=values[9],
        claimant=values[10],
        report_title=values[11],
        created_at=created_at,
        rating=rating,
    )


def claim_from_row(row: tuple[Any, ...]) -> ClaimRecord:
    return ClaimRecord(
        id=row[0],
        report_id=row[1],
        text=row[2],
        checkworthiness=row[3],
        analysis=decode_analysis(row[4]),
        start=row[5],
        end=row[6],
        source=row[7],
        url=row[8],
        published_at=row[9],
        claimant=row[10],
        report_title=row[11],
        created_at=row[12],
        rating=decode_rating(row[13]),
    )


def report_from_row(row: tuple[Any, ...]) -> ReportRecord:
    return ReportRecord(
        id=row[0],
        text=row[1],
        content_hash=row[2],
        claim_count=row[3],
        created_at=row[4],
        updated_at=row[5],
        title=row[6],
        source=row[7],
        url=row[8],
        published_at=row[9],
        language=row[10],
        external_id=row[11],
    )


def report_record(
    report: NewReport,
    *,
    report_id: int,
    external_id: str | None,
    created_at: str,
    updated_at: str,
) -> ReportRecord:
    return ReportRecord(
        id=report_id,
        text=report.text,
        content_hash=report.content_hash,
        claim_count=len(report.claims),
        created_at=created_at,
        updated_at=updated_at,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=report.published_at,
        language=report.language,
        external_id=external_id,
    )


def utc_instant(moment: str) -> str:
    """An ISO date or date-time (UTC when it has no offset) in the stored `TIMESTAMP_FORMAT`, so
    a plain string comparison with a stored timestamp compares instants (and can use an index)."""
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return format_timestamp(parsed)


def since_date(since: str) -> str:
    """The date part a `since` filter compares on: published_at holds dates or datetimes."""
    return since[:10]


class Migration(NamedTuple):
    """One schema step; `version` orders them and is recorded in schema_migrations."""

    version: int
    name: str
    statements: tuple[str, ...]


def pending_migrations(applied: set[int], migrations: tuple[Migration, ...]) -> list[Migration]:
    """The migrations a store has not applied yet, in order; a store written by a newer
    service (a version this one does not know) is refused rather than misread."""
    current = max(migration.version for migration in migrations)
    if applied and max(applied) > current:
        raise StoreError(
            f"the database schema is at version {max(applied)}, newer than this "
            f"service knows ({current}); upgrade the service"
        )
    return [migration for migration in migrations if migration.version not in applied]
