"""Find the numbers written in a text, in digits, with scale words or in words.

"10,000", "10 000", "1.28 million", "1.5k", "1.28m", "$3bn" (the "3bn"), "ten thousand",
"a dozen", "two dozen", "one and a half thousand", "half a million", "three-quarters".
Years such as "2024" are numbers too: quantities and dates decide what a number means.

Conventions (English news text):
- a comma between digit groups is a thousands separator ("10,000"); one dot is a decimal point
  ("10.000" is ten), several dotted groups are thousands ("1.280.000");
- a space between groups of three digits is a thousands separator ("10 000"), except right after a
  month name ("June 4 100 soldiers" is a day then a count);
- an attached "m" is million ("1.28m"), never metres;
- numbers glued to letters ("F-16", "G7", "27th", "1990s") are identifiers, ordinals or decades,
  not counts, and are skipped.
"""

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import msgspec


class NumberMention(msgspec.Struct, frozen=True):
    value: float
    start: int
    end: int
    text: str


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("service.text").joinpath("data", "numbers.json").read_text("utf-8")
    )
    return data


def _alternation(words: Iterable[object]) -> str:
    # Longest first so "seventeen" wins over "seven"; callers add the word boundary.
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    table = _table()
    groups = r"[ \u00a0\u2009\u202f]"
    digits = (
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
        r"|\d{1,3}(?:\.\d{3}){2,}(?!\d)"
        rf"|\d{{1,3}}(?:{groups}\d{{3}})+(?![\d.,]\d)"
        r"|\d+(?:\.\d+)?)"
    )
    scale_after = _alternation(table["scale_words_after_digits"])
    suffixes = _alternation(table["attached_suffixes"])
    units = _alternation(table["attached_units"])
    digit_number = (
        rf"(?<![\w.,]){digits}"
        rf"(?:(?P<suffix>{suffixes})(?!\w)|\s*-?\s*(?P<scale>{scale_after})\b)?"
        rf"(?:(?!\w)|(?=(?:{units})\b))"
    )
    number_words = [
        *table["units"],
        *table["tens"],
        *table["multipliers"],
        *table["scales"],
        *table["fraction_denominators"],
    ]
    word = rf"(?:{_alternation(number_words)})\b"
    big = _alternation([*table["multipliers"], *table["scales"]])
    word_number = (
        rf"(?<![\w-])(?P<words>(?:(?:half\s+)?an?\s+(?=(?:{big})\b))?"
        rf"{word}(?:(?:\s*-\s*|\s+and\s+|\s+)(?:a\s+half\b|{word}))*)"
    )
    return re.compile(f"{digit_number}|{word_number}", re.IGNORECASE)


_WORD_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)
_GROUP_SEPARATORS = re.compile(r"[,\s\u00a0\u2009\u202f]")
# `(?<![a-z])`: the word starts where a word starts, so a search tries each run of letters once
# (without it every letter of a long run starts a new attempt: quadratic time).
_PRECEDING_WORD = re.compile(r"(?<![a-z])([a-z]+)\W*$", re.IGNORECASE)


class _WordParser:
    """Reads a run of number words left to right; stops at the first word that does not fit.

    Returns the value and how many tokens it used, so "one two" reads as 1 and leaves "two".
    """

    def __init__(self) -> None:
        table = _table()
        self.units: dict[str, int] = table["units"]
        self.tens: dict[str, int] = table["tens"]
        self.multipliers: dict[str, int] = table["multipliers"]
        self.scales: dict[str, float] = table["scales"]
        self.fractions: dict[str, int] = table["fraction_denominators"]

    def parse(self, tokens: list[str]) -> tuple[float, int]:
        total = 0.0
        current = 0.0
        last = ""  # kind of the last token read: unit, tens, mult, scale, and, half, fraction
        smallest_scale = float("inf")
        used = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok == "a" and i + 1 < len(tokens) and tokens[i + 1] == "half":
                tok, step = "half", 2
            else:
                step = 1
            if tok == "half" and used == 0 and step == 1:
                # "half a million": "a" is the next token, the scale after it.
                if i + 2 < len(tokens) and tokens[i + 1] in ("a", "an"):
                    current, last, used, i = 0.5, "half", i + 2, i + 2
                    continue
                break
            if tok in ("a", "an") and used == 0:
                current, last, used, i = 1.0, "unit", 1, 1
                continue
            if tok == "and":
                if last in ("", "and", "fraction"):
                    break
                last, i = "and", i + 1
                continue  # not counted as used: a trailing "and" is not part of the number
            if tok in self.units or tok in self.tens:
                value = self.units.get(tok, self.tens.get(tok, 0))
                if last in ("unit", "half", "fraction") or (last == "tens" and tok in self.tens):
                    break
                if last == "tens" and value >= 10:
                    break
                current += value
                last = "tens" if tok in self.tens else "unit"
            elif tok == "half":
                if last != "and":
                    break
                current += 0.5
                last = "half"
            elif tok in self.multipliers:
                if last in ("", "and", "mult", "fraction") or current == 0:
                    break
                current = current * self.multipliers[tok]
                last = "mult"
            elif tok in self.scales:
                scale = self.scales[tok]
                if last in ("", "and", "fraction") or scale >= smallest_scale:
                    break
                total += current * scale
                current, last, smallest_scale = 0.0, "scale", scale
            elif tok in self.fractions:
                if last != "unit" or current == 0 or total:
                    break
                current = current / self.fractions[tok]
                last = "fraction"
            else:
                break
            i += step
            used = i
        return total + current, used


@cache
def _parser() -> _WordParser:
    return _WordParser()


def _digit_value(raw: str) -> float:
    if raw.count(".") > 1:
        return float(raw.replace(".", ""))
    return float(_GROUP_SEPARATORS.sub("", raw))


def _preceding_word(text: str, start: int) -> str:
    found = _PRECEDING_WORD.search(text, max(0, start - 24), start)
    return found.group(1).lower() if found else ""


def _glued_to_a_word(text: str, start: int) -> bool:
    """True for "F-16", "COVID-19": a hyphen joins the number to a word before it."""
    if start < 2 or text[start - 1] != "-" or not text[start - 2].isalpha():
        return False
    return _preceding_word(text, start - 1) not in _table()["prefixes_before_hyphenated_numbers"]


def _digit_mention(text: str, match: re.Match[str]) -> NumberMention | None:
    start = match.start()
    if _glued_to_a_word(text, start):
        return None
    raw = match.group("num")
    if " " in raw and _preceding_word(text, start) in _table()["month_words"]:
        # "June 4 100 soldiers": the day ends at the first space.
        head = raw.split(" ", 1)[0]
        return NumberMention(float(head), start, start + len(head), head)
    value = _digit_value(raw)
    if suffix := match.group("suffix"):
        value *= _table()["attached_suffixes"][suffix.lower()]
    elif scale := match.group("scale"):
        value *= _table()["scale_words_after_digits"][scale.lower()]
    return NumberMention(round(value, 6), start, match.end(), match.group(0))


def _word_mention(text: str, match: re.Match[str]) -> tuple[NumberMention | None, int]:
    """The number at the head of a run of number words, and where scanning resumes."""
    base = match.start("words")
    spans = [(t.group(0).lower(), t.start(), t.end()) for t in _WORD_TOKEN.finditer(match["words"])]
    value, used = _parser().parse([s[0] for s in spans])
    if used == 0:
        return None, base + spans[0][2]
    start, end = base + spans[0][1], base + spans[used - 1][2]
    table = _table()
    if used == 1 and spans[0][0] == "one":
        after = _WORD_TOKEN.search(text, end, end + 16)
        if _preceding_word(text, start) in table["one_is_a_pronoun_after"] or (
            after is not None and after.group(0).lower() in table["one_is_a_pronoun_before"]
        ):
            return None, end
    return NumberMention(round(value, 6), start, end, text[start:end]), end


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, left to right, with its value and code-point span."""
    pattern = _pattern()
    found: list[NumberMention] = []
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        if match.group("num") is not None:
            mention = _digit_mention(text, match)
            pos = match.end() if mention is None else mention.end
        else:
            mention, pos = _word_mention(text, match)
        if mention is not None:
            found.append(mention)
    return found


@cache
def _trailing_scale() -> re.Pattern[str]:
    table = _table()
    words = {**table["scale_words_after_digits"], **table["scales"], **table["multipliers"]}
    suffixes = table["attached_suffixes"]
    return re.compile(
        rf"(?:(?<=\d)(?P<suffix>{_alternation(suffixes)})"
        rf"|(?<![a-z])(?P<word>{_alternation(words)}))$",
        re.IGNORECASE,
    )


def written_scale(mention: NumberMention) -> float:
    """The multiplier a mention ends with: 1e6 for "1.28 million" or "1.28m", 1 for "10,000".

    Lets "between 5 and 6 million" carry the million back to the 5.
    """
    found = _trailing_scale().search(mention.text)
    if found is None:
        return 1.0
    table = _table()
    if found.group("suffix"):
        return float(table["attached_suffixes"][found.group("suffix").lower()])
    word = found.group("word").lower()
    merged = {**table["scale_words_after_digits"], **table["scales"], **table["multipliers"]}
    return float(merged[word])
