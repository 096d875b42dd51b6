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
    """A statement to check, and how to check it."""

    statement: Annotated[Statement, Meta(description="The statement to check, in English.")]
    limit: Annotated[Limit, Meta(description="At most this many matches in the answer.")] = 5
    min_score: Annotated[
        Score | None,
        Meta(description="Leave out matches scored below this (0-100); default: the service's."),
    ] = None
    sources: Annotated[
        Annotated[list[SourceName], Meta(max_length=MAX_SOURCES)] | None,
        Meta(description="Only claims from these sources (as the reports name them)."),
    ] = None
    since: Annotated[
        IsoDate | None, Meta(description="Only claims published on or after this ISO date.")
    ] = None
    until: Annotated[
        IsoDate | None, Meta(description="Only claims published on or before this ISO date.")
    ] = None
    # The statement's language (BCP 47): only English is matched, so the schema admits en and
    # its regional tags, and another language is a 422 that says so.
    language: Annotated[
        str,
        Meta(
            pattern=ENGLISH_TAG,
            max_length=35,
            description="The statement's language (BCP 47): en or a regional en-* tag.",
        ),
    ] = "en"


class Reason(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One piece of evidence for a stance: a sentence for people plus where it was found."""

    kind: Annotated[
        str,
        Meta(
            description="What was compared: quantity, date, ordinal, negation, antonym, actor, "
            "direction, roles, place, referent, modality, revision, time, topic, hedge, rating..."
        ),
    ]
    effect: Annotated[
        Effect, Meta(description="Whether this evidence supports or conflicts, or neither.")
    ]
    message: Annotated[
        str,
        Meta(description='The reason in words: "statement says 50,000, report says 10,000".'),
    ]
    statement_span: Annotated[
        Span | None, Meta(description="The part of the statement it is about.")
    ] = None
    claim_span: Annotated[
        Span | None, Meta(description="The part of the claim's text it is about.")
    ] = None


class MatchedClaim(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The stored claim a match is about."""

    id: Annotated[int, Meta(description="The claim's id (GET /v1/claims/{id}).")]
    text: Annotated[str, Meta(description="The claim's sentence, as stored.")]
    report_id: Annotated[
        int | None, Meta(description="Its report's id; absent for a claim posted on its own.")
    ] = None
    span: Annotated[Span | None, Meta(description="Where the claim is in its report's text.")] = (
        None
    )
    rating: Annotated[
        Rating | None, Meta(description="A fact-checker's rating of this claim, if it has one.")
    ] = None
    claimant: Annotated[
        str | None,
        Meta(
            description="Who made the claim: the poster's `claimant`, or whom the report "
            'attributes it to ("according to the NIS": NIS).'
        ),
    ] = None
    language: Annotated[
        str | None,
        Meta(
            description="The claim's language (BCP 47): its report's; en for a claim posted on "
            "its own."
        ),
    ] = None


class MatchedReport(msgspec.Struct, omit_defaults=True, kw_only=True):
    """Where the matched claim was published: its report, or the claim's own source."""

    id: Annotated[
        int | None, Meta(description="The report's id; absent for a claim posted on its own.")
    ] = None
    title: Annotated[str | None, Meta(description="The report's title.")] = None
    source: Annotated[str | None, Meta(description='The publisher: "Yonhap".')] = None
    url: Annotated[str | None, Meta(description="Where the report was published.")] = None
    published_at: Annotated[
        str | None, Meta(description="When it was published: an ISO date or date-time.")
    ] = None


class Match(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One indexed claim that bears on the statement, with its stance and the reasons."""

    claim: Annotated[MatchedClaim, Meta(description="The matched claim.")]
    report: Annotated[MatchedReport, Meta(description="Where the claim was published.")]
    score: Annotated[float, Meta(description="How similar claim and statement are, 0-100.")]
    stance: Annotated[
        Stance, Meta(description="supports, conflicts, or related (neither, but on topic).")
    ]
    hedged: Annotated[
        bool, Meta(description="True when the claim is hedged or attributed, not asserted.")
    ]
    reasons: Annotated[
        list[Reason], Meta(description="Why the stance: each piece of evidence in words.")
    ]


class FactCheck(msgspec.Struct, kw_only=True):
    """One fact of a statement that states several ("... and killed four people"), judged on
    its own: where it is in the statement, its verdict and the matches that bear on it."""

    span: Annotated[Span, Meta(description="Where the fact is in the statement.")]
    text: Annotated[str, Meta(description="The fact's words in the statement.")]
    verdict: Annotated[Verdict, Meta(description="The verdict on this fact alone.")]
    match_ids: Annotated[
        list[int], Meta(description="Ids of the matched claims that bear on this fact.")
    ]


class StanceCounts(msgspec.Struct, kw_only=True):
    """How many matches of each stance the verdict weighed: all of them, not only the ones
    that fit in `limit`, so a `disputed` verdict shown with one supporting match says that
    conflicting ones exist."""

    supports: Annotated[int, Meta(description="Matches that support the statement.")] = 0
    conflicts: Annotated[int, Meta(description="Matches that conflict with it.")] = 0
    related: Annotated[int, Meta(description="Matches on its topic that do neither.")] = 0


class CheckResult(msgspec.Struct, kw_only=True):
    """The answer to a check: the verdict, the matches behind it and how many of each stance."""

    statement: Annotated[str, Meta(description="The statement as checked.")]
    verdict: Annotated[
        Verdict,
        Meta(description="supported, contradicted, disputed (reports disagree) or unverified."),
    ]
    matches: Annotated[
        list[Match], Meta(description="The best matches, most relevant first, up to `limit`.")
    ]
    counts: Annotated[
        StanceCounts, Meta(description="Matches of each stance weighed, not only those shown.")
    ] = msgspec.field(default_factory=StanceCounts)
    index_revision: Annotated[
        int, Meta(description="The store revision the search index had reached.")
    ]
    took_ms: Annotated[float, Meta(description="Time the check took, in milliseconds.")]
    # When the statement states several facts, each one judged on its own (the verdict above
    # combines them: any contradicted, contradicted; all supported, supported; else the weakest).
    facts: Annotated[
        list[FactCheck],
        Meta(description="Each fact of a statement that states several, judged on its own."),
    ] = []


class CheckBatchRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Up to 100 statements, each with its own options, for an app that checks a whole feed."""

    checks: Annotated[
        list[CheckRequest],
        Meta(
            min_length=1,
            max_length=MAX_BATCH_CHECKS,
            description="The checks to run, each as POST /v1/check takes it.",
        ),
    ]


class CheckBatchResult(msgspec.Struct, kw_only=True):
    """One result per check, in the order they were asked."""

    results: Annotated[list[CheckResult], Meta(description="One result per check, in order.")]
    index_revision: Annotated[
        int, Meta(description="The store revision the search index had reached.")
    ]
    took_ms: Annotated[float, Meta(description="Time the batch took, in milliseconds.")]
    facts: Annotated[
        list[FactCheck], Meta(description="Always empty here: each result carries its own `facts`.")
    ] = []


class TextCheckRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A draft whose check-worthy sentences are each checked."""

    text: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=MAX_REPORT_CHARS,
            pattern=NOT_BLANK,
            description="The draft: every check-worthy sentence of it is checked.",
        ),
    ]
    limit: Annotated[Limit, Meta(description="At most this many matches per sentence.")] = 3
    min_score: Annotated[
        Score | None,
        Meta(description="Leave out matches scored below this (0-100); default: the service's."),
    ] = None


class SentenceCheck(msgspec.Struct, kw_only=True):
    """One check-worthy sentence of the draft, where it is, and its check."""

    text: Annotated[str, Meta(description="The sentence.")]
    start: Annotated[int, Meta(description="Its start in the draft, in code points.")]
    end: Annotated[int, Meta(description="Its end in the draft, in code points (exclusive).")]
    start_utf16: Annotated[
        int, Meta(description="Its start in UTF-16 code units, as browsers count.")
    ]
    end_utf16: Annotated[
        int, Meta(description="Its end in UTF-16 code units (exclusive), as browsers count.")
    ]
    checkworthiness: Annotated[float, Meta(description="How check-worthy the sentence is, 0-1.")]
    result: Annotated[CheckResult, Meta(description="The check of this sentence.")]
    unchecked: Annotated[
        str | None,
        Meta(
            description="Why the sentence was not checked (it is not in a language factcheck "
            "matches); its result is then an empty `unverified`. Null when it was checked."
        ),
    ] = None


class TextCheckResult(msgspec.Struct, kw_only=True):
    """The checks of every check-worthy sentence of a draft."""

    sentences: Annotated[
        list[SentenceCheck], Meta(description="Check-worthy sentences, in text order.")
    ]
    index_revision: Annotated[
        int, Meta(description="The store revision the search index had reached.")
    ]
    took_ms: Annotated[float, Meta(description="Time the checks took, in milliseconds.")]
