"""Hedges: "may be dispatched", "reportedly". A hedge never flips a stance; it is shown so a
reader knows the report itself was not sure.
"""

from schemas.analysis import Analysis, Span
from schemas.check import Reason
from service.matching.rules.pair import Pair, reason
from service.matching.rules.words import words

_QUOTED_WORDS_AFTER_CUE = 2  # "may" alone says little; "may be dispatched" says what is unsure


def _hedge(text: str, analysis: Analysis, who: str) -> tuple[str, Span | None]:
    """The message and the cue's span for one hedged side."""
    if not analysis.hedges:
        return f"{who} hedges", None
    cue = analysis.hedges[0]
    following = [w for w in words(text) if w.span.start >= cue.span.end][:_QUOTED_WORDS_AFTER_CUE]
    end = following[-1].span.end if following else cue.span.end
    return f'{who} hedges ("{text[cue.span.start : end]}")', cue.span


def hedge_reasons(pair: Pair) -> list[Reason]:
    found: list[Reason] = []
    if pair.claim_analysis.hedged:
        message, span = _hedge(pair.claim, pair.claim_analysis, "the report")
        found.append(reason("hedge", "neutral", message, claim_span=span))
    if pair.statement_analysis.hedged:
        message, span = _hedge(pair.statement, pair.statement_analysis, "the statement")
        found.append(reason("hedge", "neutral", message, statement_span=span))
    return found
