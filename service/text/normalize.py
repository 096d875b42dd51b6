"""Normalised text for the search index and fuzzy scoring.

normalize() makes two wordings of one fact look alike: Unicode folded (NFKC, casefold), quotes and
dashes unified, every number written as plain digits ("10,000", "ten thousand", "10k" -> "10000";
"1.28 million", "1.28m" -> "1280000"), places, actors and organisations replaced by one canonical
token from data/aliases.json ("Pyongyang", "DPRK", "North Korean" -> "north korea"), possessive
"'s" dropped, and punctuation reduced to spaces. mask_numbers() then hides the figures so that fuzzy
scores measure the wording alone and the numbers are compared by the quantity rules.

Alias matching is done on the text as written, before casefolding, because some aliases are only
names in capitals ("US" the country against "us" the pronoun). An alias matches whatever the
spaces, hyphens, dots or apostrophes between its words ("Kim Jong-un" = "Kim Jong Un").
"""

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from service.text.numbers import find_numbers
from service.text.phrases import Words, positions_of, words_of

_WORD = re.compile(r"\w+")
_KEY_NOISE = re.compile(r"[\W_]+")
_JOINER = re.compile(r"[\s.\-‐‑–'’]{1,3}")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_PUNCTUATION = re.compile(r"(?<!\d)\.|\.(?!\d)|[^\w\s.]|_")
_NUMBER_TOKEN = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
# Punctuation between two digits ("1/400", "¼00" as "1⁄400") becomes a space, and "1 400" then
# reads as one grouped number: such a text has its numbers read once more, so that
# normalize(normalize(x)) == normalize(x).
_DIGITS_APART = re.compile(r"\d[^\w\s.]+\d")
# So does a number the punctuation left in another form: ".00" as "00".
_NUMBER_EXPOSED = re.compile(r"(?<![\w.])0\d")


def _load(name: str) -> Any:
    return json.loads(resources.files("service.text").joinpath("data", name).read_text("utf-8"))


def _alias_entries() -> Iterator[tuple[str, str, bool]]:
    """(name, canonical, case_sensitive) for every alias in the table, plural demonyms included."""
    table = _load("aliases.json")
    for group in ("places", "organisations", "people"):
        for entry in table[group]:
            canonical = entry["canonical"]
            for name in entry.get("names", []):
                yield name, canonical, False
            for name in entry.get("exact", []):
                yield name, canonical, True
            for name in entry.get("demonyms", []):
                yield name, canonical, False
                # "North Koreans", "Israelis"; "Chinese" and "Swiss" have no plural form.
                if name[-1] in "ni":
                    yield name + "s", canonical, False


class _AliasTable:
    """Aliases looked up by word n-grams: a dict probe per word, far cheaper than one regex
    alternation of every name tried at every position."""

    def __init__(self) -> None:
        self.any_case: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        self.first_words: set[str] = set()
        self.dotted: set[str] = set()  # keys of names written with a final dot ("U.S.")
        self.longest = 1
        for name, canonical, case_sensitive in _alias_entries():
            words = _WORD.findall(name)
            self.longest = max(self.longest, len(words))
            self.first_words.add(words[0].lower())
            key = _KEY_NOISE.sub("", name)
            if case_sensitive:
                self.exact[key] = canonical
            else:
                self.any_case[key.lower()] = canonical
            if name.endswith("."):
                self.dotted.add(key.lower())

    def find(self, text: str) -> list[tuple[str, int, int]]:
        words = words_of(text)
        found: list[tuple[str, int, int]] = []
        next_free = 0
        for index in positions_of(words, self.first_words):
            if index < next_free:
                continue
            hit = self._longest_at(text, words, index)
            if hit is None:
                continue
            canonical, used = hit
            start, end = words.starts[index], words.ends[index + used - 1]
            key = "".join(words.lowers[index : index + used])
            if key in self.dotted and text.startswith(".", end):
                end += 1
            found.append((canonical, start, end))
            next_free = index + used
        return found

    def _longest_at(self, text: str, words: Words, index: int) -> tuple[str, int] | None:
        starts, ends = words.starts, words.ends
        joined = [text[starts[index] : ends[index]]]
        for j in range(index + 1, min(len(starts), index + self.longest)):
            if not _JOINER.fullmatch(text, ends[j - 1], starts[j]):
                break
            joined.append(joined[-1] + text[starts[j] : ends[j]])
        for used in range(len(joined), 0, -1):
            written = joined[used - 1]
            canonical = self.any_case.get(written.lower()) or self.exact.get(written)
            if canonical is not None:
                return canonical, used
        return None


@cache
def _aliases() -> _AliasTable:
    return _AliasTable()


class _Characters:
    def __init__(self) -> None:
        table = _load("normalize.json")
        fold: dict[str, str] = dict.fromkeys(table["apostrophes"], "'")
        fold.update(dict.fromkeys(table["double_quotes"], '"'))
        fold.update(dict.fromkeys(table["dashes"], "-"))
        self.fold = str.maketrans(fold)
        self.symbols = str.maketrans(table["symbols"])
        phrases: dict[str, str] = table["phrases"]
        self.phrases = phrases
        self.phrase_pattern = re.compile(
            r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE
        )


@cache
def _characters() -> _Characters:
    return _Characters()


def canonical_entities(text: str) -> list[tuple[str, int, int]]:
    """Every alias in `text` as (canonical name, start, end), left to right, spans in `text`."""
    return _aliases().find(text)


def _canonical_aliases(text: str) -> str:
    pieces: list[str] = []
    pos = 0
    for canonical, start, end in _aliases().find(text):
        pieces.append(text[pos:start])
        pieces.append(canonical)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _number_text(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _canonical_numbers(text: str) -> str:
    pieces: list[str] = []
    pos = 0
    for mention in find_numbers(text):
        pieces.append(text[pos : mention.start])
        pieces.append(_number_text(mention.value))
        pos = mention.end
    pieces.append(text[pos:])
    return "".join(pieces)


def normalize(text: str) -> str:
    """Text folded for indexing: see the module docstring for each step."""
    chars = _characters()
    folded = unicodedata.normalize("NFKC", text).translate(chars.fold)
    folded = _canonical_numbers(_canonical_aliases(folded)).translate(chars.symbols)
    folded = chars.phrase_pattern.sub(lambda m: chars.phrases[m.group(0).lower()], folded)
    folded = _POSSESSIVE.sub("", folded.casefold()).replace("'", "")
    spaced = " ".join(_PUNCTUATION.sub(" ", folded).split())
    if _DIGITS_APART.search(folded) is None and _NUMBER_EXPOSED.search(spaced) is None:
        return spaced
    return " ".join(_PUNCTUATION.sub(" ", _canonical_numbers(spaced)).split())


def mask_numbers(normalized: str) -> str:
    """normalize()'s output with every number token replaced by "#"."""
    return _NUMBER_TOKEN.sub("#", normalized)
