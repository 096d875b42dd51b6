"""What every rule looks at: the statement and the matched claim, each with its analysis."""

import re
import threading
from collections.abc import Callable
from typing import TypeVar

import msgspec
from rapidfuzz import fuzz, process

from schemas.analysis import Analysis, Entity, Span
from schemas.check import Effect, Reason
from service.matching.rules.words import generic_name_words

T = TypeVar("T")
_REMEMBERED = 8


def per_text(function: Callable[[str, Analysis], T]) -> Callable[[str, Analysis], T]:
    """`function(text, analysis)` remembered for the last few (text, analysis) objects.

    A check judges one statement against up to 20 claims: the statement's side of each rule is
    worked out once instead of once a claim. Entries are keyed by identity and hold the objects,
    so an id cannot come to mean another object while remembered. Results are shared: callers
    must not change them.
    """
    recent: dict[tuple[int, int], tuple[str, Analysis, T]] = {}
    lock = threading.Lock()

    def remembered(text: str, analysis: Analysis) -> T:
        key = (id(text), id(analysis))
        with lock:
            hit = recent.pop(key, None)
            if hit is not None and hit[0] is text and hit[1] is analysis:
                recent[key] = hit  # most recent last
                return hit[2]
        result = function(text, analysis)
        with lock:
            recent[key] = (text, analysis, result)
            while len(recent) > _REMEMBERED:
                del recent[next(iter(recent))]
        return result

    return remembered


_TEXT_CACHE = 8_192


def per_sentence(function: Callable[[str, Analysis], T]) -> Callable[[str, Analysis], T]:
    """`function(text, analysis)` remembered by the text alone, for functions that read only
    what the analysis finds at fixed places of the text (figures, names, ordinals and their
    spans), never a date resolved against a report's day: the same sentence then gives the
    same answer whatever report it came from. Claims are read anew from the store on every
    check, so an identity key (per_text) would miss; a claim's sentence seldom changes.
    """
    recent: dict[str, T] = {}
    lock = threading.Lock()

    def remembered(text: str, analysis: Analysis) -> T:
        with lock:
            hit = recent.pop(text, None)
            if hit is not None:
                recent[text] = hit
                return hit
        result = function(text, analysis)
        with lock:
            recent[text] = result
            while len(recent) > _TEXT_CACHE:
                del recent[next(iter(recent))]
        return result

    return remembered


class Pair(msgspec.Struct, frozen=True):
    statement: str
    statement_analysis: Analysis
    claim: str
    claim_analysis: Analysis
    claim_title: str = ""  # the claim's report title: what a sentence naming nothing is about
    # Words capitalised inside the sentences judged with this one: a statement that opens with
    # one opens with a name (service.text.names.find_names).
    known_names: frozenset[str] = frozenset()
    # The other sentences of the claim's report that the check read (candidates of the same
    # report): what else the report names, as far as the check knows.
    claim_context: str = ""


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
