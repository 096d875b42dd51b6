"""The unit noun a figure counts: "6,000 military engineering personnel" -> "personnel".

The noun phrase after the figure runs until a function word or punctuation (at most five words).
A count above one names its unit in the plural, so the first plural word of the phrase is the head
("10,000 North Korean troops are" -> "troop", "over 4,000 became casualties" -> "casualty"), else
the last noun that has no plural form ("6,000 military engineering personnel"); a phrase without
either gives no unit, which the caller may inherit from a neighbour. A unit of measure written
right after the figure is its unit whatever noun follows ("105 mph winds" -> "mph", "a 12-year
sentence" -> "year"), so it meets "winds of 105 mph". A count of one
(or a fraction) takes the last word of the phrase ("one amphibious ship" -> "ship"). Words inside a
place or actor name are modifiers ("United States troops"), except a plural demonym, which counts
people ("3,000 North Koreans" -> "person").
"""

import json
import re
from functools import cache
from importlib import resources
from typing import NamedTuple


class UnitNoun(NamedTuple):
    unit: str  # singular, lower case, canonical: "troop", "percent", "usd"
    text: str  # as written: "troops"
    start: int
    end: int


class _Units:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "units.json").read_text("utf-8")
        )
        self.plurals: dict[str, str] = table["plurals"]
        self.invariant: frozenset[str] = frozenset(table["invariant"])
        self.synonyms: dict[str, str] = table["synonyms"]
        self.currency: dict[str, str] = table["currency_symbols"]
        self.stops: frozenset[str] = frozenset(table["noun_phrase_stops"])
        self.determiners: frozenset[str] = frozenset(table["determiners_after_of"])
        self.measures: frozenset[str] = frozenset(table["measures"])
        symbols = sorted(self.currency, key=len, reverse=True)
        self.currency_before = re.compile(
            "(?:" + "|".join(re.escape(s) for s in symbols) + r")\s?$"
        )


@cache
def _units() -> _Units:
    return _Units()


# The lookbehinds make a search from inside a run of blanks fail at once (linear time); both
# are matched where a figure or a word ends, so nothing is lost.
_WORD = re.compile(r"(?<![ \t])[ \t]*(?:-[ \t]*)?([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
_PERCENT_SIGN = re.compile(r"\s?%")
_PER_CENT = re.compile(r"(?<!\s)\s+per\s+cent\b", re.IGNORECASE)
_MAX_WORDS = 5


def is_measure(unit: str) -> bool:
    """A unit of measure other than a share ("degree", "km", "day"): what it measures is never
    left unwritten, so a bare figure is not one of it."""
    return unit != "percent" and singular(unit) in _units().measures


def singular(word: str) -> str:
    """Singular lower-case form through the irregular table, then the regular English endings."""
    lower = word.lower()
    units = _units()
    if lower in units.plurals:
        return units.plurals[lower]
    if lower in units.invariant or not _is_plural(lower):
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return lower[:-2]
    return lower[:-1]


def canonical_unit(word: str) -> str:
    one = singular(word)
    return _units().synonyms.get(one, one)


def unit_is_plural(word: str) -> bool:
    """Whether a noun is written in the plural ("counties", "people")."""
    return _is_plural(word.lower())


def _is_plural(lower: str) -> bool:
    units = _units()
    if lower in units.plurals or lower in units.invariant:
        return True
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s"))


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """("usd", start of "$") when a currency symbol is written right before the figure."""
    found = _units().currency_before.search(text, max(0, start - 4), start)
    if found is None:
        return None
    symbol = found.group(0).strip()
    return _units().currency[symbol], found.start()


def _plural_demonym(text: str, span: tuple[str, int, int]) -> bool:
    canonical, start, end = span
    return text[start:end].casefold().endswith("s") and not canonical.endswith("s")


def unit_after(
    text: str,
    pos: int,
    value: float,
    names: list[tuple[str, int, int]],
    max_words: int = _MAX_WORDS,
) -> UnitNoun | None:
    """The unit noun of the figure ending at `pos`; `names` are canonical_entities(text)."""
    if sign := _PERCENT_SIGN.match(text, pos):
        return UnitNoun("percent", "%", sign.end() - 1, sign.end())
    if per_cent := _PER_CENT.match(text, pos):
        return UnitNoun("percent", per_cent.group(0).strip(), per_cent.start() + 1, per_cent.end())
    units = _units()
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < max_words and (word := _WORD.match(text, cursor)) is not None:
        lower = word.group(1).lower()
        cursor = word.end()
        if not words and lower == "of":
            # "1,500 of its soldiers": look past "of" and one determiner.
            if (det := _WORD.match(text, cursor)) and det.group(1).lower() in units.determiners:
                cursor = det.end()
            continue
        if lower in units.stops:
            break
        words.append(word)
    if not words:
        return None
    head = _head(text, words, value, names)
    if head is None:
        return None
    written = head.group(1)
    in_a_name = any(s <= head.start(1) and head.end(1) <= e for _, s, e in names)
    unit = "person" if in_a_name else canonical_unit(written)
    return UnitNoun(unit, written, head.start(1), head.end(1))


def _head(
    text: str, words: list[re.Match[str]], value: float, names: list[tuple[str, int, int]]
) -> re.Match[str] | None:
    def inside_name(word: re.Match[str]) -> tuple[str, int, int] | None:
        for span in names:
            if span[1] <= word.start(1) and word.end(1) <= span[2]:
                return span
        return None

    first = words[0]
    if inside_name(first) is None and singular(first.group(1)) in _units().measures:
        return first  # "105 mph winds", "a 12-year sentence": the measure is the unit
    if value > 1:
        invariant: re.Match[str] | None = None
        for word in words:
            name = inside_name(word)
            if name is not None:
                if _plural_demonym(text, name) and word.end(1) == name[2]:
                    return word
                continue
            lower = word.group(1).lower()
            if lower in _units().invariant:
                invariant = word  # "staff members": a regular plural after it is the head
            elif _is_plural(lower):
                return word
        return invariant
    candidates = [w for w in words if inside_name(w) is None]
    while len(candidates) > 1 and candidates[-1].group(1).lower().endswith(("ed", "ing")):
        candidates.pop()  # "one ship carried": a participle after the noun is not the noun
    return candidates[-1] if candidates else None
