"""Acronyms and the names they shorten: "FDA" is the "US Food and Drug Administration", "IMF"
the "International Monetary Fund", whether or not the alias table lists them.

A name written out is a run of capitalised words, joined by "and", "of", "for", "the" or "&"
("Department of Health and Social Care"); its initials are those of its capitalised words, an
all-capital word giving all its letters ("US Food and Drug Administration" -> USFDA) and a
hyphenated one the initials of its capitalised parts ("Anti-Doping" -> AD). An acronym
shortens the run or the run without its first words ("FDA", "USFDA"), never only its first
words. Acronyms of fewer than three letters are left out: "US", "UN" or "EU" are in the alias
table, and two letters match too many runs by chance. A term written out in lower case
("gross domestic product", "value-added tax") is shortened by the initials of all its words.

Linear time: one pass over the words.
"""

import re
from functools import lru_cache

from schemas.analysis import Span

_WORD = re.compile(r"[\w’'&-]+")
_JOINERS = frozenset({"and", "of", "for", "the", "&"})
_ARTICLES = frozenset({"the", "a", "an"})
_ACRONYM = re.compile(r"[A-Z]{3,6}")
_MIN_LETTERS = 3
_SKIPPED = _JOINERS | _ARTICLES


def _initials(word: str) -> str:
    """ "Food" -> f, "US" -> us, "Anti-Doping" -> ad."""
    letters = word.replace("’", "").replace("'", "")
    if letters.replace("-", "").isupper() and len(letters) > 1:
        return letters.replace("-", "").casefold()
    return "".join(part[0] for part in letters.split("-") if part[:1].isupper()).casefold()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=8_192)
def _runs(text: str) -> tuple[tuple[Span, tuple[tuple[int, str], ...]], ...]:
    """Runs of two or more capitalised words, joiners inside them: each run's span and its
    capitalised words as (start, initials)."""
    runs: list[tuple[Span, tuple[tuple[int, str], ...]]] = []
    words = list(_WORD.finditer(text))
    capitals: list[tuple[int, str]] = []
    end = 0
    pending = False  # a joiner after the last capitalised word, waiting for the next one

    def close() -> None:
        if len(capitals) >= 2:
            runs.append((Span(capitals[0][0], end), tuple(capitals)))
        capitals.clear()

    for index, match in enumerate(words):
        word = match.group(0)
        gap = text[words[index - 1].end() : match.start()] if index else ""
        if capitals and gap.strip():
            close()  # punctuation between words ends a run
            pending = False
        if _capitalised(word):
            if capitals and not pending and gap != " ":
                close()
            if not capitals and word.casefold() in _ARTICLES:
                continue  # "The Food and Drug Administration": the article is no initial
            capitals.append((match.start(), _initials(word)))
            end = match.end()
            pending = False
        elif capitals and not pending and word.casefold() in _JOINERS:
            pending = True
        else:
            close()
            pending = False
    close()
    return tuple(runs)


def _shortenings(capitals: tuple[tuple[int, str], ...]) -> set[str]:
    """The run's initials, and those of the run without its first words."""
    found: set[str] = set()
    for first in range(len(capitals) - 1):
        letters = "".join(initials for _, initials in capitals[first:])
        if len(letters) >= _MIN_LETTERS:
            found.add(letters)
    return found


def shortened_around(text: str, span: Span) -> set[str]:
    """The acronyms of the written-out name that holds `span` in `text` (empty if none)."""
    for run, capitals in _runs(text):
        if run.start <= span.start and span.end <= run.end:
            return _shortenings(capitals)
    return set()


def acronym_of(word: str) -> str | None:
    """`word` folded when it is an acronym: three to six capital letters."""
    return word.casefold() if _ACRONYM.fullmatch(word) else None


def spelled_out(acronym: str, text: str) -> bool:
    """Whether `text` writes out the name `acronym` shortens."""
    return any(acronym in _shortenings(capitals) for _, capitals in _runs(text)) or (
        acronym in _lower_case_terms(text, len(acronym))
    )


@lru_cache(maxsize=8_192)
def _lower_case_terms(text: str, letters: int) -> frozenset[str]:
    """Initials of every `letters` consecutive lower-case words (hyphenated parts apart, no
    article or joiner among them): "gross domestic product" -> gdp, "value-added tax" -> vat."""
    parts = [part for match in _WORD.finditer(text) for part in match.group(0).split("-") if part]
    found: set[str] = set()
    for first in range(len(parts) - letters + 1):
        words = parts[first : first + letters]
        if all(w[:1].islower() and w.isalpha() and w not in _SKIPPED for w in words):
            found.add("".join(w[0] for w in words))
    return frozenset(found)


@lru_cache(maxsize=8_192)
def acronyms_in(text: str) -> frozenset[str]:
    """The acronyms written in `text`, folded."""
    return frozenset(
        m.group(0).casefold() for m in _WORD.finditer(text) if _ACRONYM.fullmatch(m.group(0))
    )


def abbreviates(word: str, span: Span, own_text: str, other_text: str) -> bool:
    """Whether `word` (at `span` of `own_text`) and `other_text` name one thing, written out on
    one side and as its acronym on the other: "the FDA" and "the US Food and Drug
    Administration" (any word of the written-out name stands for it, as the word "and" splits
    its run of names in two)."""
    acronym = acronym_of(word)
    if acronym is not None:
        return spelled_out(acronym, other_text)
    return word[:1].isupper() and bool(shortened_around(own_text, span) & acronyms_in(other_text))
