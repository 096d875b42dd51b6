"""Modality: does a clause say that something happened, or only that it may?

"Some 50,000 soldiers may be dispatched if Putin requests it" is not a report that 50,000 were
sent; "claims could exceed $1 billion" is not a report that they did. A clause is
*speculative* when it holds a cue such as may, could, is expected to, if; *planned* when it
announces an intention (will, plans to, is set to), which is compared like a fact; otherwise
*asserted*. Only an asserted statement is kept from a report's speculation: a plan and an
expectation both speak of what is to come, so "plans to ship in March" meets "expects to ship
in November". Attribution ("the ministry said") and hedges ("reportedly") are read elsewhere:
a reported fact is still a fact.

The cue lists live in data/modality.json. Scope is the clause (service.text.clauses), so a
"could" in one clause does not hedge the figure of the next.
"""

import json
import re
from collections.abc import Sequence
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


def _owner(cue: int, anchors: list[int]) -> int | None:
    """The figure a cue at `cue` speaks for: the next one after it, else the last before it."""
    after = [a for a in anchors if a >= cue]
    if after:
        return after[0]
    return anchors[-1] if anchors else None


def _the_month(text: str, start: int, cue: str) -> bool:
    """ "15 May 1928", "in May": the month, not the modal; a capital inside a sentence tells."""
    before = text[:start].rstrip()
    return cue == "May" and bool(before) and before[-1] not in '.!?"“'


_FIGURE_NEXT = re.compile(r"(?<![ \t])[ \t]*[$€£¥\d]")


def _to_a_figure(text: str, cue: re.Match[str]) -> bool:
    """ "cut its forecast to $13.6 billion": a noun and "to" + a figure, not "is forecast to
    rise"."""
    return cue.group(0).endswith(" to") and _FIGURE_NEXT.match(text, cue.end()) is not None


def kept_from_speculation(statement: Modality) -> bool:
    """Whether a statement of this modality is neither borne out nor refuted by a report that
    only speculates: one saying something happened is; a plan or an expectation, which speak of
    what is to come as speculation does, is compared with it."""
    return statement == "asserted"


class ClauseModality:
    """The modality cues of one text, by clause."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = clauses(text)
        cues = _cues()
        self.speculative = [
            (m.start(), m.group(0))
            for m in cues.speculative.finditer(text)
            if not _the_month(text, m.start(), m.group(0)) and not _to_a_figure(text, m)
        ]
        self.planned = [
            (m.start(), m.group(0))
            for m in cues.planned.finditer(text)
            if not _to_a_figure(text, m)
        ]

    def _clause(self, position: int) -> Span:
        for clause in self.spans:
            if clause.start <= position < clause.end:
                return clause
        return Span(0, len(self.text))

    def at(self, span: Span, others: Sequence[Span] = ()) -> tuple[Modality, str | None]:
        """The modality of `span` (a figure) in its clause. A cue speaks for the next figure
        after it ("claims could exceed $1 billion"), or for the one before it when no figure
        follows ("50,000 soldiers may be dispatched"); so in "22 percent, a move the ministry
        expects to raise 9 billion" the cue is the 9 billion's, not the 22 percent's. `others`
        are the other figures of the text."""
        clause = self._clause(span.start)
        anchors = sorted(
            start
            for start in [span.start, *(o.start for o in others)]
            if clause.start <= start < clause.end
        )
        for kind, cues in (("speculative", self.speculative), ("planned", self.planned)):
            mine = [
                cue
                for start, cue in cues
                if clause.start <= start < clause.end and _owner(start, anchors) == span.start
            ]
            if mine:
                return kind, mine[0]  # type: ignore[return-value]
        return "asserted", None

    def word_at(self, span: Span, figures: Sequence[Span]) -> tuple[Modality, str | None]:
        """The modality of a word in its clause. A cue with a figure after it in the clause
        speaks from there on ("22 percent, a move the ministry expects to raise 9 billion":
        the 9 billion, not the 22 percent or the tax); one with none after it speaks for the
        whole clause ("50,000 soldiers may be dispatched")."""
        clause = self._clause(span.start)
        for kind, cues in (("speculative", self.speculative), ("planned", self.planned)):
            for start, cue in cues:
                if not clause.start <= start < clause.end:
                    continue
                owns_later = any(start <= f.start < clause.end for f in figures)
                if not owns_later or span.start >= start:
                    return kind, cue  # type: ignore[return-value]
        return "asserted", None

    def whole(self, span: Span) -> tuple[Modality, str | None]:
        """The modality of a whole stretch of text: any cue inside it."""
        for kind, cues in (("speculative", self.speculative), ("planned", self.planned)):
            inside = [cue for start, cue in cues if span.start <= start < span.end]
            if inside:
                return kind, inside[0]  # type: ignore[return-value]
        return "asserted", None


@lru_cache(maxsize=4_096)
def clause_modality(text: str) -> ClauseModality:
    return ClauseModality(text)


def modality_at(text: str, span: Span, others: Sequence[Span] = ()) -> tuple[Modality, str | None]:
    return clause_modality(text).at(span, others)
