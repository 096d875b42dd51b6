"""Negation and hedging cues, and whether they apply to the claim.

A claim is negated when a negation cue stands in its main clause: "have not been issued", "no
confirmed reports". Cues that only bound a figure or add emphasis ("no more than 3,000", "not only")
are not negations, and a cue inside a subordinate clause ("..., although there have been no
confirmed reports") leaves the main clause standing. Antonyms ("unrestricted") are not cues: the
matcher compares words. A claim is hedged when it holds any hedge cue ("may", "reportedly", "is
expected to", "speculation").
"""

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from schemas.analysis import Cue, Span
from service.text.phrases import PhraseIndex

_NOT_GLUED = re.compile(r"n[’']t\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.!?](?:\s|$)")


def _load(name: str) -> Any:
    return json.loads(resources.files("service.text").joinpath("data", name).read_text("utf-8"))


class _Cues:
    def __init__(self) -> None:
        negations = _load("negations.json")
        # "n't" is glued to its verb ("haven't"); every other cue is a whole word.
        self.negation = PhraseIndex(c for c in negations["cues"] if c != "n't")
        self.exception = PhraseIndex(negations["exceptions"])
        self.subordinator = PhraseIndex(negations["subordinators"])
        self.hedge = PhraseIndex(_load("hedges.json")["cues"])


@cache
def _cues() -> _Cues:
    return _Cues()


def _outside(match: re.Match[str], skip: list[tuple[int, int]]) -> bool:
    return not any(s < match.end() and match.start() < e for s, e in skip)


def find_negations(text: str) -> list[Cue]:
    cues = _cues()
    exceptions = [(m.start(), m.end()) for m in cues.exception.finditer(text)]
    found = [*cues.negation.finditer(text), *_NOT_GLUED.finditer(text)]
    found.sort(key=lambda m: m.start())
    return [Cue(m.group(0), Span(m.start(), m.end())) for m in found if _outside(m, exceptions)]


def find_hedges(text: str, *, skip: list[tuple[int, int]] | None = None) -> list[Cue]:
    """Hedge cues outside `skip` (pass date spans so "in May" is not the modal "may")."""
    return [
        Cue(m.group(0), Span(m.start(), m.end()))
        for m in _cues().hedge.finditer(text)
        if _outside(m, skip or [])
    ]


def negates_main_clause(text: str, negations: list[Cue]) -> bool:
    """True when a negation cue lies outside every subordinate clause of `text`.

    A subordinate clause runs from its subordinator to the next comma or sentence end, or to the
    end of the text when it closes the sentence.
    """
    if not negations:
        return False
    subordinate: list[tuple[int, int]] = []
    for match in _cues().subordinator.finditer(text):
        stop = _CLAUSE_END.search(text, match.end())
        end = len(text) if stop is None else stop.start()
        subordinate.append((match.start(), end))
    return any(not any(s <= cue.span.start < e for s, e in subordinate) for cue in negations)
