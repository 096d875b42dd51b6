"""What every rule looks at: the statement and the matched claim, each with its analysis."""

import re

import msgspec
from rapidfuzz import fuzz, process

from schemas.analysis import Analysis, Entity, Span
from schemas.check import Effect, Reason
from service.matching.rules.words import generic_name_words


class Pair(msgspec.Struct, frozen=True):
    statement: str
    statement_analysis: Analysis
    claim: str
    claim_analysis: Analysis


def reason(
    kind: str,
    effect: Effect,
    message: str,
    statement_span: Span | None = None,
    claim_span: Span | None = None,
) -> Reason:
    """A reason whose message starts with its kind, as journalists read it: "date: ..."."""
    return Reason(
        kind=kind,
        effect=effect,
        message=f"{kind}: {message}",
        statement_span=statement_span,
        claim_span=claim_span,
    )


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


_NAME_WORD = re.compile(r"[^\W\d_]{4,}")


def mentions(text: str, analysis: Analysis, entity: Entity, *, by_alias: bool = True) -> bool:
    """Whether a text names an entity: by canonical name (unless `by_alias` is False), as
    written, or by a distinctive word of its name, typos allowed ("Saprissa" for "Deportivo
    Saprissa", "North" for "Nrth")."""
    if by_alias and entity.canonical in {e.canonical for e in analysis.entities}:
        return True
    folded = text.casefold()
    if entity.text.casefold() in folded:
        return True
    words = set(_NAME_WORD.findall(folded))
    generic = generic_name_words()
    return any(
        word in words or process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=80)
        for word in _NAME_WORD.findall(entity.text.casefold())
        if word not in generic
    )
