"""A check grouped by date: how the figure a statement gives was reported over time."""

import msgspec

from schemas.analysis import Span
from schemas.check import MatchedClaim, MatchedReport, Stance


class TimelinePoint(msgspec.Struct, omit_defaults=True, kw_only=True):
    """One report's claim on one date; with the figure it gives when the statement has one."""

    claim: MatchedClaim
    report: MatchedReport
    stance: Stance
    score: float
    figure: str | None = None  # as written: "around 10,000 troops"
    value: float | None = None
    figure_span: Span | None = None  # in the claim's text
    earlier: bool = False  # the report gives it as an earlier figure ("the earlier estimate of")


class TimelineEntry(msgspec.Struct, omit_defaults=True, kw_only=True):
    date: str | None = None  # ISO day the reports were published; None: undated (listed last)
    points: list[TimelinePoint]


class Timeline(msgspec.Struct, kw_only=True):
    statement: str
    figure: str | None  # the statement's figure followed over time; None: it gives none
    entries: list[TimelineEntry]  # oldest first
    index_revision: int
    took_ms: float
