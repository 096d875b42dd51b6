"""The wire contract of factcheck: msgspec Structs for every request, response and error.

Importable by client applications without the server: this package depends on msgspec only.
Input types reject unknown fields; output types omit defaults.
"""

from schemas.analysis import (
    Analysis,
    Attribution,
    Cue,
    DateMention,
    Entity,
    Ordinal,
    Quantity,
    Span,
)
from schemas.check import (
    CheckBatchRequest,
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    Match,
    MatchedClaim,
    MatchedReport,
    Reason,
    SentenceCheck,
    StanceCounts,
    TextCheckRequest,
    TextCheckResult,
)
from schemas.claims import ClaimIn, ClaimOut, ClaimPage, Rating
from schemas.problems import Problem
from schemas.reports import (
    BulkItemResult,
    BulkResult,
    ReportIn,
    ReportOut,
    ReportPage,
    ReportSummary,
)

__all__ = [
    "Analysis",
    "Attribution",
    "BulkItemResult",
    "BulkResult",
    "CheckBatchRequest",
    "CheckBatchResult",
    "CheckRequest",
    "CheckResult",
    "ClaimIn",
    "ClaimOut",
    "ClaimPage",
    "Cue",
    "DateMention",
    "Entity",
    "Match",
    "MatchedClaim",
    "MatchedReport",
    "Ordinal",
    "Problem",
    "Quantity",
    "Rating",
    "Reason",
    "ReportIn",
    "ReportOut",
    "ReportPage",
    "ReportSummary",
    "SentenceCheck",
    "Span",
    "StanceCounts",
    "TextCheckRequest",
    "TextCheckResult",
]
