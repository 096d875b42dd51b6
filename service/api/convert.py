"""Store records -> wire types. The edge is the only place that knows both."""

import base64
import binascii
from urllib.parse import urlencode

from schemas.analysis import Span
from schemas.claims import ClaimOut
from schemas.reports import ReportOut, ReportSummary
from service.errors import InvalidInput
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

# Exactly the strings `encode_cursor` makes for ids below 10**15, published in the OpenAPI
# document so that a client (or a fuzzer) can tell a cursor from garbage without asking.
# base64url("after:") is "YWZ0ZXI6"; then each three ASCII digits encode as four characters:
# the first digit's byte 0x30-0x39 gives [MN] then [DTjz] (digits 0-7) or O then [DT] (8, 9),
# the second digit's low nibble [AEIMQUYcgk], the third digit [w-z0-5]; one or two digits
# left over end as the first two or three of those characters.
_TWO_DIGIT_CHARS = "(?:[MN][DTjz]|O[DT])"
_THREE_DIGITS = _TWO_DIGIT_CHARS + "[AEIMQUYcgk][w-z0-5]"
CURSOR_PATTERN = (
    f"^YWZ0ZXI6(?:{_THREE_DIGITS}){{0,4}}"
    f"(?:{_THREE_DIGITS}|[MN][AQgw]|O[AQ]|{_TWO_DIGIT_CHARS}[AEIMQUYcgk])$"
)


# Cursors are opaque to clients: the last id of the page, so pages stay stable under inserts.
def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        if prefix == "after" and value.isascii() and value.isdigit() and int(value) <= MAX_ROW_ID:
            return int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InvalidInput("cursor", "is not a cursor this service issued")


def next_link(path: str, query: list[tuple[str, str]], cursor: str | None) -> dict[str, str]:
    """A `Link: <...>; rel="next"` header for a page that has a next one (RFC 8288)."""
    if cursor is None:
        return {}
    kept = [(name, value) for name, value in query if name != "cursor"]
    return {"Link": f'<{path}?{urlencode([*kept, ("cursor", cursor)])}>; rel="next"'}
