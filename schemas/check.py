"""Checking a statement, or every check-worthy sentence of a draft, against the index."""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from schemas.analysis import Span
from schemas.claims import Rating
from schemas.limits import MAX_BATCH_CHECKS, MAX_MATCHES, MAX_REPORT_CHARS, MAX_STATEMENT_CHARS
from schemas.patterns import ISO_DATE, NOT_BLANK

Stance = Literal["supports", "conflicts", "related"]
Verdict = Literal["supported", "contradicted", "disputed", "unverified"]
Effect = Literal["supports", "conflicts", "neutral"]

Statement = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_STATEMENT_CHARS,
        pattern=NOT_BLANK,
        examples=["North Korea sent 50,000 troops to Russia"],
    ),
]
Limit = Annotated[int, Meta(ge=1, le=MAX_MATCHES)]
ENGLISH_TAG = r"^en(-[A-Za-z0-9]{2,8})*$"
Score = Annotated[float, Meta(ge=0, le=100)]
IsoDate = Annotated[str, Meta(max_length=10, pattern=ISO_DATE)]
# A source to keep: an empty name would match nothing, so it is refused rather than ignored.
MAX_SOURCE_CHARS = 200
MAX_SOURCES = 50
SourceName = Annotated[str, Meta(min_length=1, max_length=MAX_SOURCE_CHARS)]


class CheckRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    statement: Statement
    limit: Limit = 5
    min_score: Score | None = None
    sources: Annotated[list[SourceName], Meta(max_length=MAX_SOURCES)] | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None
    # The statement's language (BCP 47): only English is matched, so the schema admits en and
    # its regional tags, and another language is a 422 that says so.
    language: Annotated[str, Meta(pattern=ENGLISH_TAG, max_length=35)] = "en"


class Reason(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One piece of evidence for a stance: a sentence for people plus where it was found."""

    # quantity, date, ordinal, negation, antonym, actor, direction, roles, topic, hedge, ...
    kind: str
    effect: Effect
    message: str
    statement_span: Span | None = None
    claim_span: Span | None = None


class MatchedClaim(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int
    text: str
    report_id: int | None = None
    span: Span | None = None
    rating: Rating | None = None  # a fact-checker's rating of this claim, if it has one
    # Who made the claim: the poster's `claimant`, or whom the report attributes it to
    # ("according to the NIS" -> "NIS").
    claimant: str | None = None


class MatchedReport(msgspec.Struct, omit_defaults=True, kw_only=True):
    id: int | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None


class Match(msgspec.Struct, omit_defaults=True, kw_only=True):
    claim: MatchedClaim
    report: MatchedReport
    score: float
    stance: Stance
    hedged: bool
    reasons: list[Reason]


class FactCheck(msgspec.Struct, kw_only=True):
    """One fact of a statement that states several ("... and killed four people"), judged on
    its own: where it is in the statement, its verdict and the matches that bear on it."""

    span: Span
    text: str
    verdict: Verdict
    match_ids: list[int]


class StanceCounts(msgspec.Struct, kw_only=True):
    """How many matches of each stance the verdict weighed: all of them, not only the ones
    that fit in `limit`, so a `disputed` verdict shown with one supporting match says that
    conflicting ones exist."""

    supports: int = 0
    conflicts: int = 0
    related: int = 0


class CheckResult(msgspec.Struct, kw_only=True):
    statement: str
    verdict: Verdict
    matches: list[Match]
    counts: StanceCounts = msgspec.field(default_factory=StanceCounts)
    index_revision: int
    took_ms: float
    # When the statement states several facts, each one judged on its own (the verdict above
    # combines them: any contradicted, contradicted; all supported, supported; else the weakest).
    facts: list[FactCheck] = []


class CheckBatchRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Up to 100 statements, each with its own options, for an app that checks a whole feed."""

    checks: Annotated[list[CheckRequest], Meta(min_length=1, max_length=MAX_BATCH_CHECKS)]


class CheckBatchResult(msgspec.Struct, kw_only=True):
    results: list[CheckResult]  # one per check, in order
    index_revision: int
    took_ms: float
    facts: list[FactCheck] = []


class TextCheckRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    text: Annotated[str, Meta(min_length=1, max_length=MAX_REPORT_CHARS, pattern=NOT_BLANK)]
    limit: Limit = 3
    min_score: Score | None = None


class SentenceCheck(msgspec.Struct, kw_only=True):
    text: str
    start: int  # code points in the posted text
    end: int
    start_utf16: int  # UTF-16 code units, for browsers
    end_utf16: int
    checkworthiness: float
    result: CheckResult


class TextCheckResult(msgspec.Struct, kw_only=True):
    sentences: list[SentenceCheck]
    index_revision: int
    took_ms: float
