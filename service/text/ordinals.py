"""Ordinals bound to a noun: "second visit", "first phase", "3rd trip", "third in nearly three
months" (no noun). Ordinals inside dates ("first week of February", "27th") belong to the date and
are left out when the caller passes the date spans.

Compounds rank too: "first-quarter revenue" is the first quarter, and a superlative is a rank
of its own: "the second-largest contingent" is second by "largest", "the largest contingent"
first, so the two compare like figures."""

import json
import re
from functools import cache
from importlib import resources

from schemas.analysis import Ordinal, Span
from service.text.phrases import PhraseIndex
from service.text.unit_nouns import canonical_unit, unit_after

_DIGIT_ORDINAL = re.compile(r"(?<![\w.,])\d+(?:st|nd|rd|th)\b", re.IGNORECASE)
# "first-quarter", "3rd-largest": an ordinal glued to the word it ranks.
_COMPOUND = re.compile(r"(?<![\w.,-])([a-z]+|\d+(?:st|nd|rd|th))-([a-z]+)\b", re.IGNORECASE)
_NEXT = re.compile(r"(?<![ \t])[ \t]+([a-z]+)", re.IGNORECASE)
# "the largest", "its biggest", "Russia's largest": a superlative ranks first.
_SUPERLATIVE = re.compile(r"(?<![\w-])(?:the|its|their|his|her|our|\w+['’]s)\s+([a-z]+)\b", re.I)


class _Table:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "ordinals.json").read_text("utf-8")
        )
        self.words: dict[str, int] = table["words"]
        self.not_a_noun: frozenset[str] = frozenset(table["not_a_noun"])
        self.superlatives: frozenset[str] = frozenset(table["superlatives"])
        self.word_index = PhraseIndex(self.words)


@cache
def _table() -> _Table:
    return _Table()


def find_ordinals(
    text: str,
    *,
    skip: list[tuple[int, int]] | None = None,
    names: list[tuple[str, int, int]] | None = None,
) -> list[Ordinal]:
    """Every ordinal in `text` outside the `skip` spans, with the noun it ranks if any."""
    table = _table()
    found: list[Ordinal] = []
    matches = sorted(
        [*table.word_index.finditer(text), *_DIGIT_ORDINAL.finditer(text)], key=lambda m: m.start()
    )
    for match in matches:
        if skip and any(s < match.end() and match.start() < e for s, e in skip):
            continue
        if text[match.end() : match.end() + 1] == "-":
            continue  # a compound, read below
        written = match.group(0).lower()
        value = int(written[:-2]) if written[0].isdigit() else table.words[written]
        end = match.end()
        noun = ""
        # The ranked noun follows at once or after one modifier: "second (official) visit".
        head = unit_after(text, end, 1, names or [], max_words=2)
        if (
            head is not None
            and head.text.lower() not in table.not_a_noun
            and head.unit != "percent"
        ):
            noun, end = head.unit, head.end
        following = _NEXT.match(text, match.end())
        if following is not None and following.group(1).lower() in table.superlatives:
            noun, end = following.group(1).lower(), following.end()  # "second largest"
        found.append(
            Ordinal(
                text=text[match.start() : end],
                value=value,
                span=Span(match.start(), end),
                noun=noun,
            )
        )
    found += _compounds(text, table, skip)
    return sorted(found, key=lambda o: o.span.start)


def _value(written: str, table: _Table) -> int | None:
    lower = written.lower()
    if lower[:1].isdigit():
        return int(lower[:-2]) if lower[-2:] in {"st", "nd", "rd", "th"} else None
    return table.words.get(lower)


def _compounds(text: str, table: _Table, skip: list[tuple[int, int]] | None) -> list[Ordinal]:
    found: list[Ordinal] = []

    def skipped(start: int, end: int) -> bool:
        return bool(skip) and any(s < end and start < e for s, e in skip or [])

    for match in _COMPOUND.finditer(text):
        value = _value(match.group(1), table)
        if value is None or skipped(match.start(), match.end()):
            continue
        second = match.group(2).lower()
        noun = second if second in table.superlatives else canonical_unit(second)
        found.append(Ordinal(match.group(0), value, Span(match.start(), match.end()), noun))
    for match in _SUPERLATIVE.finditer(text):
        word = match.group(1).lower()
        if word in table.superlatives and not skipped(match.start(1), match.end(1)):
            span = Span(match.start(1), match.end(1))
            found.append(Ordinal(match.group(1), 1, span, word))
    return found
