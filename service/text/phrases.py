"""Find any of many fixed phrases in a text, fast.

A regex alternation of a hundred phrases is tried at every position of the text, which costs tens
of microseconds per sentence in CPython. Here the text is split into words once (one cheap regex),
and only at words that begin some phrase is that word's own small pattern tried. Phrases are
matched case-insensitively as whole words, with any run of spaces between their words; a "*" word
stands for any form of "be" ("* expected to" matches "is expected to").
"""

import bisect
import re
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"\w+")
_BE = "(?:is|are|was|were|be|been)"
_BE_FORMS = ("is", "are", "was", "were", "be", "been")


class Words(NamedTuple):
    """The words of a text: parallel tuples of start, end and lower-case form."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lowers: tuple[str, ...]
    vocabulary: frozenset[str]


@lru_cache(maxsize=64)
def words_of(text: str) -> Words:
    """Split once, share everywhere: each finder of one analysis asks for the same text's words."""
    matches = list(_WORD.finditer(text))
    lowers = tuple(m.group(0).lower() for m in matches)
    return Words(
        tuple(m.start() for m in matches),
        tuple(m.end() for m in matches),
        lowers,
        frozenset(lowers),
    )


def positions_of(words: Words, keys: Collection[str], start: int = 0, end: int = -1) -> list[int]:
    """Indexes of the words in `keys`, among those that start within [start, end)."""
    if words.vocabulary.isdisjoint(keys):
        return []
    first = bisect.bisect_left(words.starts, start)
    last = len(words.starts) if end < 0 else bisect.bisect_left(words.starts, end)
    lowers = words.lowers
    return [i for i in range(first, last) if lowers[i] in keys]


def _phrase_regex(phrase: str) -> str:
    words = phrase.split()
    parts = [_BE if w == "*" else re.escape(w) for w in words]
    return r"\s+".join(parts)


class PhraseIndex:
    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for phrase in phrases:
            lowered = phrase.lower()
            first = lowered.split()[0]
            for key in _BE_FORMS if first == "*" else (first,):
                by_first.setdefault(key, []).append(lowered)
        self._patterns = {
            first: re.compile(
                r"(?:"
                + "|".join(_phrase_regex(p) for p in sorted(group, key=len, reverse=True))
                + r")(?![\w-])",
                re.IGNORECASE,
            )
            for first, group in by_first.items()
        }

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping phrase matches, left to right, that start at a word boundary."""
        stop = len(text) if end is None else end
        words = words_of(text)
        taken_until = start
        for index in positions_of(words, self._patterns, start, stop):
            at = words.starts[index]
            if at < taken_until:
                continue
            if at > 0 and text[at - 1] in "-'’":
                continue  # "well-known", "don't": a word glued to the one before is not a cue
            hit = self._patterns[words.lowers[index]].match(text, at, stop)
            if hit is not None:
                taken_until = hit.end()
                yield hit

    def search_ending_at(self, text: str, end: int, window: int = 30) -> re.Match[str] | None:
        """The phrase that ends right before `end` (spaces between allowed)."""
        best: re.Match[str] | None = None
        start = max(0, end - window)
        while start > 0 and text[start - 1].isalnum():
            start -= 1  # never begin inside a word: "moreover" does not hold "over"
        for hit in self.finditer(text, start, end):
            if not text[hit.end() : end].strip():
                best = hit
        return best
