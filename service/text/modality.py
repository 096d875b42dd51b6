"""Modality: does a clause say that something happened, or only that it may?

"Some 50,000 soldiers may be dispatched if Putin requests it" is not a report that 50,000 were
sent; "claims could exceed $1 billion" is not a report that they did. A clause is
*speculative* when it holds a cue such as may, could, is expected to, if; *planned* when it
announces an intention (will, plans to, is set to), which is compared like a fact; otherwise
*asserted*. Attribution ("the ministry said") and hedges ("reportedly") are read elsewhere:
a reported fact is still a fact.

The cue lists live in data/modality.json. Scope is the clause (service.text.clauses), so a
"could" in one clause does not hedge the figure of the next.
"""

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from schemas.analysis import Span
from service.text.clauses import clauses
from service.text.phrases import PhraseIndex

Modality = Literal["asserted", "planned", "speculative"]


class _Cues:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "modality.json").read_text("utf-8")
        )
        self.speculative = PhraseIndex(table["speculative"])
        self.planned = PhraseIndex(table["planned"])


@cache
def _cues() -> _Cues:
    return _Cues()


class ClauseModality:
    """The modality of each clause of one text, and the cue that set it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = clauses(text)
        cues = _cues()
        self.kinds: list[Modality] = []
        self.cues: list[str | None] = []
        speculative = [(m.start(), m.group(0)) for m in cues.speculative.finditer(text)]
        planned = [(m.start(), m.group(0)) for m in cues.planned.finditer(text)]
        for span in self.spans:
            inside = [cue for start, cue in speculative if span.start <= start < span.end]
            if inside:
                self.kinds.append("speculative")
                self.cues.append(inside[0])
                continue
            inside = [cue for start, cue in planned if span.start <= start < span.end]
            self.kinds.append("planned" if inside else "asserted")
            self.cues.append(inside[0] if inside else None)

    def at(self, span: Span) -> tuple[Modality, str | None]:
        """The modality of the clause where `span` starts."""
        for index, clause in enumerate(self.spans):
            if clause.start <= span.start < clause.end:
                return self.kinds[index], self.cues[index]
        return "asserted", None


@lru_cache(maxsize=4_096)
def clause_modality(text: str) -> ClauseModality:
    return ClauseModality(text)


def modality_at(text: str, span: Span) -> tuple[Modality, str | None]:
    return clause_modality(text).at(span)
