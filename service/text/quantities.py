"""Quantities: a figure, the noun it counts and the interval its qualifier allows.

"around 10,000 troops" -> 10,000 troop, about, [9,000, 11,000]; "over 4,000 casualties" -> over,
low 4,000; "between 5 and 6 million" -> between, [5e6, 6e6]; "up to 3,000" -> up_to, high 3,000;
"tens of thousands of people" -> between, [20,000, 99,999]. Round figures are kept exact as written.

Numbers that belong to dates ("June 17", "2024") or to names ("G7") are not quantities. A figure
with no noun of its own ("the earlier estimate of 3,000") inherits the unit of the nearest
quantity of the same sentence that has one.
"""

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import msgspec

from schemas.analysis import DateMention, Qualifier, Quantity, Span
from service.text.dates import find_dates
from service.text.normalize import canonical_entities
from service.text.numbers import NumberMention, find_numbers, written_scale
from service.text.unit_nouns import canonical_unit, currency_before, unit_after, unit_is_plural

# `(?<!\s)`: blanks from the start of their run only, so a search reads a run once (linear).
_RANGE_GAP = re.compile(r"(?<!\s)\s*(-|–|—|to|and)\s*", re.IGNORECASE)
_RANGE_LEAD = re.compile(r"(?<!\w)(between|from)\s+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_ONE_WORDS = frozenset({"one", "a", "an"})
# An age: "aged 75", "people 75 and older", "children 12 and under". It counts years of life,
# so it neither borrows the unit of a figure beside it ("52 percent ... aged 75") nor meets one.
_AGE_BEFORE = frozenset({"aged", "age", "ages"})
_AGE_AFTER = re.compile(
    r"(?<![ \t])[ \t]+(?:and|or)[ \t]+(?P<side>older|over|above|under|younger)\b"
    r"(?![ \t]+(?:the|a|an|his|her|its|their|this|that)\b)"  # "40 and over the weekend"
)
_AGE_AT_LEAST = frozenset({"older", "over", "above"})
# A preposition right before "up to" makes it the qualifier: "by up to", "of up to", "to up to".
_PARTICLE_BLOCKERS = frozenset(
    {"by", "of", "to", "for", "with", "at", "in", "on", "from", "and", "or"}
)


def _phrases(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class _Table:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "quantities.json").read_text("utf-8")
        )
        self.before: dict[str, Qualifier] = table["before"]
        self.from_below: frozenset[str] = frozenset(table["about_from_below"])
        self.rose_up_to: frozenset[str] = frozenset(table["moved_up_to"]["alone"])
        self.pushed_up_to: frozenset[str] = frozenset(table["moved_up_to"]["with_object"])
        self.durations: frozenset[str] = frozenset(table["durations"])
        self.after: dict[str, Qualifier] = table["after"]
        self.margin: float = table["about_margin"]
        self.plurals: dict[str, float] = table["vague_plurals"]
        self.outer: dict[str, float] = table["vague_outer"]
        self.few: dict[str, list[float]] = table["vague_few"]
        self.few_scales: dict[str, float] = table["vague_few_scales"]
        # Every vague amount holds one of these; most claims hold none.
        self.vague_triggers = ("dozen", "hundred", "thousand", "million", "billion")
        self.before_pattern = re.compile(
            rf"(?<![\w.])(?P<q>{_phrases(self.before)})\s*$", re.IGNORECASE
        )
        self.after_pattern = re.compile(
            rf"\s*(?:(?P<sign>\+)|-?(?P<word>{_phrases(self.after)})\b)", re.IGNORECASE
        )
        self.vague_pattern = re.compile(
            rf"(?<!\w)(?:(?P<outer>{_phrases(self.outer)})\s+of\s+)?"
            rf"(?P<plural>{_phrases(self.plurals)})\b(?:\s+of\b)?"
            rf"|(?<!\w)(?P<few>{_phrases(self.few)})\s+(?P<scale>{_phrases(self.few_scales)})\b"
            r"(?:\s+of\b)?",
            re.IGNORECASE,
        )


@cache
def _table() -> _Table:
    return _Table()


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _quantity(
    text: str,
    start: int,
    end: int,
    value: float,
    qualifier: Qualifier,
    *,
    unit: str = "",
    unit_text: str = "",
    from_below: bool = False,
    high_value: float | None = None,
) -> Quantity:
    low: float | None = value
    high: float | None = value
    if qualifier == "about":
        low = value * (1 - _table().margin)
        high = value if from_below else value * (1 + _table().margin)
    elif qualifier in ("over", "at_least"):
        high = None
    elif qualifier in ("under", "up_to", "at_most"):
        low = None
    elif qualifier == "between":
        high = high_value
    return Quantity(
        text=text[start:end],
        value=value,
        span=Span(start, end),
        unit=unit,
        unit_text=unit_text,
        qualifier=qualifier,
        low=_rounded(low),
        high=_rounded(high),
        value_high=high_value,
    )


def _qualifier_before(text: str, start: int) -> tuple[Qualifier, int, bool] | None:
    """(qualifier, where its phrase starts, whether "about" stops at the figure) before `start`."""
    table = _table()
    found = table.before_pattern.search(text, max(0, start - 24), start)
    if found is None:
        return None
    phrase = " ".join(found.group("q").lower().split())
    if phrase == "up to" and _moved_up(text, found.start()):
        return None
    return table.before[phrase], found.start(), phrase in table.from_below


def _age(text: str, start: int, end: int) -> tuple[Qualifier, int] | None:
    """(qualifier, end) of a bare figure that is an age ("aged 75", "75 and older"), or None."""
    after = _AGE_AFTER.match(text, end)
    if after is not None:
        return ("at_least" if after.group("side") in _AGE_AT_LEAST else "up_to"), after.end()
    if _word_before(text, start) in _AGE_BEFORE:
        return "exact", end
    return None


def _word_before(text: str, position: int) -> str:
    words = text[max(0, position - 12) : position].split()
    return words[-1].lower() if words else ""


def _moved_up(text: str, position: int) -> bool:
    """ "Fares will go up to $3.20", "pushed the fee up to £65 million": the verb's own "up",
    saying where the figure now is, not a ceiling; "sent up to 40 staff" and "raised prices by
    up to 10 percent" keep theirs."""
    before = text[max(0, position - 40) : position]
    if before.rstrip().endswith((",", ";", ":")):
        return False
    words = [w.lower() for w in before.split()]
    if not words or words[-1] in _PARTICLE_BLOCKERS:
        return False
    table = _table()
    if words[-1] in table.rose_up_to:
        return True
    # The verb, then its object ("the fee", "the death toll"), then "up to".
    return any(w in table.pushed_up_to for w in words[-4:-1])


def _over_a_stretch(text: str, start: int, qualifier: Qualifier, unit: str) -> bool:
    """ "14,000 posts over two years": "over" a duration may be the stretch the thing runs
    over, not only more than it, so the figure itself is allowed (at least, not above)."""
    return (
        qualifier == "over"
        and unit in _table().durations
        and text[start : start + 4].lower() == "over"
    )


def _single(text: str, number: NumberMention, names: list[tuple[str, int, int]]) -> Quantity | None:
    start, end = number.start, number.end
    unit, unit_text = "", ""
    if (currency := currency_before(text, start)) is not None:
        unit, start = currency
        unit_text = text[start : number.start].strip()
    qualifier: Qualifier = "exact"
    from_below = False
    if (before := _qualifier_before(text, start)) is not None:
        qualifier, start, from_below = before
    if (after := _table().after_pattern.match(text, end)) is not None:
        written = after.group("sign") or " ".join(after.group("word").lower().split())
        qualifier, end = _table().after[written], after.end()
    if not unit and (noun := unit_after(text, end, number.value, names)) is not None:
        unit, unit_text, end = noun.unit, noun.text, noun.end
    if not unit and number.value == 1 and number.text.lower() in _ONE_WORDS:
        return None  # "one" without a noun is a pronoun more often than a count
    if not unit and (age := _age(text, start, end)) is not None:
        qualifier, end = age
        unit, unit_text = "age", ""
    if _over_a_stretch(text, start, qualifier, unit):
        qualifier = "at_least"
    return _quantity(
        text,
        start,
        end,
        number.value,
        qualifier,
        unit=unit,
        unit_text=unit_text,
        from_below=from_below,
    )


def _range(
    text: str, first: NumberMention, second: NumberMention, names: list[tuple[str, int, int]]
) -> Quantity | None:
    """ "between 5 and 6 million", "1,500-2,000 troops", "from 3,000 to 10,000"."""
    # "$14.5 billion to $15 billion": the currency written again opens the upper end.
    currency = currency_before(text, first.start)
    again = currency_before(text, second.start)
    gap_end = again[1] if currency and again and again[0] == currency[0] else second.start
    gap = _RANGE_GAP.fullmatch(text, first.end, gap_end)
    if gap is None:
        return None
    opens = currency[1] if currency is not None else first.start
    lead = _RANGE_LEAD.search(text, max(0, opens - 10), opens)
    if gap.group(1).lower() == "and" and (lead is None or lead.group(1).lower() != "between"):
        return None
    low = first.value
    if written_scale(first) == 1 and (scale := written_scale(second)) != 1:
        low *= scale
    if low >= second.value:
        return None
    start = first.start if lead is None else lead.start()
    end = second.end
    unit, unit_text = "", ""
    if currency is not None:
        unit, unit_text = currency[0], text[currency[1] : first.start].strip()
    elif (noun := unit_after(text, end, second.value, names)) is not None:
        unit, unit_text, end = noun.unit, noun.text, noun.end
    return _quantity(
        text,
        start,
        end,
        _rounded(low) or low,
        "between",
        unit=unit,
        unit_text=unit_text,
        high_value=second.value,
    )


def _vague(text: str, names: list[tuple[str, int, int]]) -> list[Quantity]:
    """ "tens of thousands", "thousands of", "a few hundred": intervals with no single figure."""
    table = _table()
    found: list[Quantity] = []
    lower = text.lower()
    if not any(word in lower for word in table.vague_triggers):
        return found
    for match in table.vague_pattern.finditer(text):
        if match.group("plural"):
            scale = table.plurals[match.group("plural").lower()]
            if match.group("outer"):
                scale *= table.outer[match.group("outer").lower()]
            low, high = 2 * scale, 10 * scale - 1
        else:
            few_low, few_high = table.few[" ".join(match.group("few").lower().split())]
            scale = table.few_scales[match.group("scale").lower()]
            low, high = few_low * scale, few_high * scale
        end = match.end()
        unit, unit_text = "", ""
        if (noun := unit_after(text, end, low, names)) is not None:
            unit, unit_text, end = noun.unit, noun.text, noun.end
        found.append(
            _quantity(
                text,
                match.start(),
                end,
                low,
                "between",
                unit=unit,
                unit_text=unit_text,
                high_value=high,
            )
        )
    return found


_PARTITIVE = re.compile(r"(?<![ \t])[ \t]+of(?:[ \t]+(?:the|its|their|his|her))?[ \t]+")


# "a crowd of 52,114", "a fleet of 26": with no noun after it, a figure counts the noun before
# "of". Words that name a measure of something else ("a total of", "a rise of", "the age of")
# say nothing of what is counted.
_NOUN_OF = re.compile(
    r"(?<![\w'’-])(?:an?|the|its|their)[ \t]+(?:[\w-]+[ \t]+)?([a-z]+)[ \t]+of[ \t]+"
    r"(?:(?:about|some|around)[ \t]+)?$",
    re.I,
)
_NOT_COUNTED = frozenset(
    {
        "total", "number", "sum", "average", "rate", "rise", "increase", "fall", "drop",
        "decline", "age", "margin", "score", "maximum", "minimum", "height", "depth", "speed",
        "length", "temperature", "value", "level", "record", "peak", "high", "low", "majority",
        "minority", "share", "half", "third", "quarter", "estimate", "figure", "count", "tally",
        "range", "price", "cost", "budget", "fine", "sentence", "term", "period", "span",
        "distance", "weight", "capacity", "size", "growth", "loss", "gain", "deficit", "surplus",
    }
)  # fmt: skip


def _noun_before_of(text: str, quantity: Quantity) -> str | None:
    before = _NOUN_OF.search(text, max(0, quantity.span.start - 40), quantity.span.start)
    if before is None or before.group(1).lower() in _NOT_COUNTED:
        return None
    return before.group(1).lower()


def _inherit_units(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """A figure with no noun counts the noun before "of" ("a crowd of 52,114"), or borrows the
    unit of the nearest one of the same sentence."""
    result: list[Quantity] = []
    for quantity in quantities:
        if quantity.unit:
            result.append(quantity)
            continue
        noun = _noun_before_of(text, quantity)
        if noun is not None:
            unit = canonical_unit(noun)
            result.append(msgspec.structs.replace(quantity, unit=unit, unit_text=noun))
            continue
        best: Quantity | None = None
        best_distance = len(text) + 1
        for other in quantities:
            if not other.unit or other is quantity:
                continue
            between_start = min(quantity.span.end, other.span.end)
            between_end = max(quantity.span.start, other.span.start)
            if _SENTENCE_END.search(text, between_start, between_end):
                continue
            distance = between_end - between_start
            if distance < best_distance:
                best, best_distance = other, distance
        if best is not None:
            # "11 of the 14 counts": a part of the group counts what the group counts, in the
            # group's own written words.
            partitive = _PARTITIVE.fullmatch(text, quantity.span.end, best.span.start)
            unit_text = best.unit_text if partitive and best.span.start > quantity.span.end else ""
            quantity = msgspec.structs.replace(quantity, unit=best.unit, unit_text=unit_text)
        result.append(quantity)
    return result


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_quantities(
    text: str,
    *,
    numbers: list[NumberMention] | None = None,
    dates: list[DateMention] | None = None,
    names: list[tuple[str, int, int]] | None = None,
) -> list[Quantity]:
    """Every quantity in `text`, left to right. Pass what the caller already computed."""
    numbers = find_numbers(text) if numbers is None else numbers
    dates = find_dates(text) if dates is None else dates
    names = canonical_entities(text) if names is None else names
    blocked = [(d.span.start, d.span.end) for d in dates] + [(s, e) for _, s, e in names]
    figures = [n for n in numbers if not _overlaps(n.start, n.end, blocked)]
    quantities: list[Quantity] = []
    index = 0
    while index < len(figures):
        if index + 1 < len(figures):
            ranged = _range(text, figures[index], figures[index + 1], names)
            if ranged is not None:
                quantities.append(ranged)
                index += 2
                continue
        single = _single(text, figures[index], names)
        if single is not None:
            quantities.append(single)
        index += 1
    quantities.extend(_vague(text, names))
    quantities.extend(
        q
        for q in [*_one_span_of_time(text), *_shares(text), *_wholly(text)]
        if not _overlaps(q.span.start, q.span.end, blocked)
    )
    quantities = [_as_share(text, q) for q in quantities]
    # A list of names counts them whatever names it holds (names are not figures otherwise).
    taken = [(q.span.start, q.span.end) for q in quantities]
    quantities.extend(
        e for e in _enumerations(text) if not _overlaps(e.span.start, e.span.end, taken)
    )
    quantities.sort(key=lambda q: q.span.start)
    return _inherit_units(text, quantities)


# "Carrow, Mims and Osler counties": a list of names before a plural noun counts them (three
# counties). Words and commas, scanned once; a list is walked back from its noun, and a noun
# preceded by a lower-case word starts no walk, so each list is read once.
_LIST_TOKEN = re.compile(r"[\w’'-]+|,")
# Every list of names holds "and" before a capitalised word: most sentences have none, and are
# not split into words at all.
_LIST_AND = re.compile(r"\band[ \t]+(?:the[ \t]+)?[A-Z]")


def _enumerations(text: str) -> list[Quantity]:
    if _LIST_AND.search(text) is None:
        return []
    tokens = [(m.group(0), m.start(), m.end()) for m in _LIST_TOKEN.finditer(text)]

    def capitalised(index: int) -> bool:
        return index >= 0 and tokens[index][0][:1].isupper()

    def run_start(index: int) -> int:
        """The first token of the name that ends at `index`, its article included ("the
        Eagles")."""
        while capitalised(index - 1):
            index -= 1
        return index - 1 if index > 0 and tokens[index - 1][0] == "the" else index

    found: list[Quantity] = []
    for index, (word, _, end) in enumerate(tokens):
        if not (capitalised(index - 1) and word[:1].islower() and unit_is_plural(word)):
            continue
        first = run_start(index - 1)
        position = first - 1
        if position < 0 or tokens[position][0] != "and":
            continue
        position -= 1
        if position >= 0 and tokens[position][0] == ",":
            position -= 1  # the serial comma: "Carrow, Mims, and Osler"
        if not capitalised(position):
            continue
        first = run_start(position)
        items = 2
        while first >= 2 and tokens[first - 1][0] == "," and capitalised(first - 2):
            first = run_start(first - 2)
            items += 1
        start = tokens[first][1]
        found.append(
            _quantity(
                text, start, end, float(items), "exact", unit=canonical_unit(word), unit_text=word
            )
        )
    return found


# "a quarter of the workforce", "half of the voters": a share, as a percentage.
_SHARE = re.compile(
    r"(?<![\w-])(?:(?:an?|one)\s+(half|third|quarter|fifth|tenth)|(half))\s+of\b", re.IGNORECASE
)
_PERIOD_WORDS = frozenset({"the", "first", "second", "third", "fourth", "last", "latter", "other"})
_SHARES = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}


def _shares(text: str) -> list[Quantity]:
    """ "about a quarter of Halcyon's workforce" is about 25 percent of it, and compares with
    "about 12 percent of its workforce"."""
    found: list[Quantity] = []
    for match in _SHARE.finditer(text):
        word = (match.group(1) or match.group(2)).lower()
        if _word_before(text, match.start()) in _PERIOD_WORDS:
            continue  # "the second half of the year" is a period, not a share
        start, end = match.start(), match.end() - len("of")
        end = start + len(text[start:end].rstrip())
        qualifier: Qualifier = "exact"
        if (before := _qualifier_before(text, start)) is not None:
            qualifier, start, _ = before
        value = round(_SHARES[word], 2)
        found.append(_quantity(text, start, end, value, qualifier, unit="percent", unit_text="%"))
    return found


# "fully contained", "completely restored": all of it, as a percentage ("35 percent contained"
# is not). Only before a participle: "fully aware" and "totally wrong" measure nothing.
_WHOLLY = re.compile(
    r"\b(?:fully|completely|entirely|wholly)[ \t]+(?=[a-z]{3,}ed\b)", re.IGNORECASE
)


def _wholly(text: str) -> list[Quantity]:
    return [
        _quantity(
            text,
            m.start(),
            m.start() + len(m.group(0).rstrip()),
            100.0,
            "exact",
            unit="percent",
            unit_text="%",
        )
        for m in _WHOLLY.finditer(text)
    ]


def _as_share(text: str, quantity: Quantity) -> Quantity:
    """ "two-thirds of the budget": a fraction of something is a share of it, in percent."""
    if not (0 < quantity.value < 1) or quantity.unit == "percent":
        return quantity
    if not re.match(r"\s+of\b", text[quantity.span.end - len(quantity.unit_text or "") :]) and (
        " of " not in quantity.text
    ):
        return quantity
    factor = 100.0

    def scaled(value: float | None) -> float | None:
        return None if value is None else round(value * factor, 4)

    return msgspec.structs.replace(
        quantity,
        value=round(quantity.value * factor, 4),
        low=scaled(quantity.low),
        high=scaled(quantity.high),
        value_high=scaled(quantity.value_high),
        unit="percent",
        unit_text="%",
    )


# "by a day", "an hour and a half": a span of time written without a figure ("one week" is
# a figure the number reader finds).
_ONE_SPAN = re.compile(
    r"(?<![\w-])an?\s+(minute|hour|day|week|month|year|decade)(\s+and\s+a\s+half)?\b",
    re.IGNORECASE,
)


def _one_span_of_time(text: str) -> list[Quantity]:
    """ "pushed back by a day" is one day, as "postponed by 24 hours" is 24 hours: the two
    compare once converted. "a minute and a half" is 1.5 minutes."""
    found: list[Quantity] = []
    for match in _ONE_SPAN.finditer(text):
        value = 1.5 if match.group(2) else 1.0
        start, end = match.start(), match.end()
        qualifier: Qualifier = "exact"
        if (before := _qualifier_before(text, start)) is not None:
            qualifier, start, _ = before
        unit = match.group(1).lower()
        found.append(_quantity(text, start, end, value, qualifier, unit=unit, unit_text=unit))
    return found
