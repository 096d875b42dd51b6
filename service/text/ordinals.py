"""Ordinals bound to a noun: "second visit", "first phase", "3rd trip", "third in nearly three
months" (no noun). Ordinals inside dates ("first week of February", "27th") belong to the date and
are left out when the caller passes the date spans."""

import json
import re
from functools import cache
from importlib import resources

from schemas.analysis import Ordinal, Span
from service.text.phrases import PhraseIndex
from service.text.unit_nouns import unit_after

_DIGIT_ORDINAL = re.compile(r"(?<![\w.,])\d+(?:st|nd|rd|th)\b", re.IGNORECASE)


class _Table:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "ordinals.json").read_text("utf-8")
        )
        self.words: dict[str, int] = table["words"]
        self.not_a_noun: frozenset[str] = frozenset(table["not_a_noun"])
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
        found.append(
            Ordinal(
                text=text[match.start() : end],
                value=value,
                span=Span(match.start(), end),
                noun=noun,
            )
        )
    return found
