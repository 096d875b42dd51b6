"""Content words of a sentence, stemmed, with where each was found.

Shared by the rules that ask "is this about the same thing": topic overlap, the context of a
figure, antonyms. Stems fold inflections ("restricted", "restrictions" -> "restrict").
"""

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import msgspec
import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type stubs

from schemas.analysis import Span
from service.matching.units import listed_group

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class Word(msgspec.Struct, frozen=True):
    text: str  # as written
    stem: str
    span: Span


class _StopWords(msgspec.Struct, frozen=True):
    words: list[str]
    generic_name_words: list[str]


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@cache
def _table() -> _StopWords:
    raw = resources.files("service.matching").joinpath("data/stopwords.json").read_bytes()
    return msgspec.json.decode(raw, type=_StopWords)


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(_table().words)


@cache
def generic_name_words() -> frozenset[str]:
    """Words shared by many names ("north", "republic"): they do not tell one name from another."""
    return frozenset(_table().generic_name_words)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    folded = word.lower().replace("’", "'").removesuffix("'s")
    return str(_stemmer().stemWord(folded))


# A check asks for the words of the statement and of each judged claim several times (topic,
# figures, antonyms), once per pair for the statement: both are cached, as tuples of frozen Words
# so no caller can change what the next one gets.
_CACHED_TEXTS = 4_096


@lru_cache(maxsize=_CACHED_TEXTS)
def _words(text: str) -> tuple[Word, ...]:
    return tuple(
        Word(text=m.group(0), stem=stem(m.group(0)), span=Span(m.start(), m.end()))
        for m in _WORD.finditer(text)
    )


@lru_cache(maxsize=_CACHED_TEXTS)
def _content_words(text: str) -> tuple[Word, ...]:
    stop = _stop_words()
    return tuple(w for w in _words(text) if w.text.lower() not in stop and len(w.text) > 1)


def words(text: str) -> list[Word]:
    """Every word, stop words included (antonyms such as "before" may be stop words)."""
    return list(_words(text))


def content_words(text: str) -> list[Word]:
    return list(_content_words(text))


def key(word: Word) -> str:
    """What a word stands for when comparing contexts: its unit group if it has one ("deaths"
    and "fatalities" are one), else its stem."""
    group = listed_group(word.text)
    return f"unit:{group}" if group else word.stem


def near(found: Sequence[Word], span: Span, width: int = 6) -> set[str]:
    """Keys of the content words (from `content_words`) inside a span and within `width` words
    either side of it: what a figure counts, whether or not the analyser took it as its unit."""
    before = [key(w) for w in found if w.span.end <= span.start][-width:]
    inside = [key(w) for w in found if w.span.start >= span.start and w.span.end <= span.end]
    after = [key(w) for w in found if w.span.start >= span.end][:width]
    return {*before, *inside, *after}
