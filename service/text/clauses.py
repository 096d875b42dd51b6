"""Clauses of a sentence: the stretch of words a figure, a date or a hedge belongs to.

"The blast killed 9 people and injured 14": 14 is what was injured, not what was killed;
"warned that some areas could remain dark for up to three weeks, but restored most within a
week": "could" speaks for the first figure only. A clause ends at a semicolon, a colon or a
dash; at a comma before a conjunction, a relative pronoun or a participle ("..., sparing the
city", "..., down from 4.1 percent"); and at "and"/"but"/"while" before a verb or a new subject
("... and injured 14", "... and the government will create ..."). Commas inside a place
("Carrow Bay, Florida, at about 11pm") do not end a clause.

Linear time: one left-to-right pass over the words.
"""

import json
import re
from functools import lru_cache
from importlib import resources

from schemas.analysis import Span

_TOKEN = re.compile(r"[\w’'-]+|[;:,()\"“”]|[—–]| - ")
_WORDS = json.loads(
    resources.files("service.text").joinpath("data", "clauses.json").read_text("utf-8")
)
_HARD_BREAKS = frozenset({";", ":", "—", "–", " - ", "(", ")"})
_AFTER_COMMA = frozenset(_WORDS["after_comma"])
_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", "although", "though", "yet"})
# After "and": a verb or a new subject starts a clause; "tanks and soldiers" does not.
_CLAUSE_OPENERS = frozenset(_WORDS["clause_openers"])


def _verb_like(word: str) -> bool:
    folded = word.casefold()
    # "-ing" is left out: "severance and restructuring costs" joins two nouns.
    return folded in _CLAUSE_OPENERS or (
        len(folded) > 4 and folded.endswith("ed") and word[:1].islower()
    )


@lru_cache(maxsize=8_192)
def clauses(text: str) -> tuple[Span, ...]:
    """The clauses of `text` as spans that together cover it, in order."""
    tokens = list(_TOKEN.finditer(text))
    starts = [0]
    for i, token in enumerate(tokens):
        value = token.group(0)
        following = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        if value in _HARD_BREAKS:
            starts.append(token.end())
        elif value == ",":
            folded = following.casefold()
            if folded in _AFTER_COMMA or (
                following[:1].islower() and folded.endswith("ing") and len(folded) > 4
            ):
                starts.append(token.end())
        elif value.casefold() in _CONJUNCTIONS and following and _verb_like(following):
            starts.append(token.start())
    # A comma break directly followed by a conjunction break is one break.
    starts = [
        start
        for i, start in enumerate(sorted(set(starts)))
        if i == 0 or text[prev_start(starts, start) : start].strip()
    ]
    ends = [*starts[1:], len(text)]
    return tuple(Span(start, end) for start, end in zip(starts, ends, strict=True) if end > start)


def prev_start(starts: list[int], start: int) -> int:
    earlier = [s for s in starts if s < start]
    return max(earlier) if earlier else 0


def clause_of(text: str, position: int) -> Span:
    """The clause holding the character at `position` (the last one past the end)."""
    found = clauses(text)
    for span in found:
        if span.start <= position < span.end:
            return span
    return found[-1] if found else Span(0, len(text))


_CONTINUATIONS = ("up ", "down ", "compared ", "or ", "including ", "from ", "than ")


def with_antecedent(text: str, span: Span) -> Span:
    """A clause that only qualifies the one before (", up 14 percent from a year earlier", ",
    or about 12 percent of its workforce") joined to it: they tell one fact."""
    found = clauses(text)
    for index, clause in enumerate(found):
        if clause.start == span.start and index > 0:
            head = text[clause.start : clause.end].lstrip(" ,").casefold()
            if head.startswith(_CONTINUATIONS):
                return Span(found[index - 1].start, clause.end)
    return span
