"""What the text analysis finds in one claim; computed once at ingest, stored, and returned.

Every span is in code points, relative to the text that was analysed (the claim's own text).
"""

from typing import Literal

import msgspec

Qualifier = Literal["exact", "about", "over", "under", "up_to", "at_least", "at_most", "between"]


class Span(msgspec.Struct, frozen=True, array_like=False):
    start: int
    end: int


class Quantity(msgspec.Struct, frozen=True, omit_defaults=True):
    """A figure with its unit noun and qualifier, e.g. "around 10,000 troops".

    `low`/`high` are the interval the qualifier allows (None: unbounded on that side);
    `value` is the figure as written, scale words applied ("1.28 million" -> 1_280_000).
    """

    text: str
    value: float
    span: Span
    unit: str = ""  # normalised unit noun, singular lower case: "troop", "sapper", "percent"
    unit_text: str = ""  # the unit noun as written: "troops"
    qualifier: Qualifier = "exact"
    low: float | None = None
    high: float | None = None
    value_high: float | None = None  # upper figure of a "between X and Y" / "X-Y" range


DateKind = Literal["day", "month", "year", "range", "relative", "weekday", "period"]


class DateMention(msgspec.Struct, frozen=True, omit_defaults=True):
    """A date or period. `start`/`end` are ISO dates (inclusive) once resolved."""

    text: str
    span: Span
    kind: DateKind
    start: str | None = None
    end: str | None = None
    month: int | None = None  # kept even when the year is unknown ("June 4")
    day: int | None = None
    year: int | None = None


class Ordinal(msgspec.Struct, frozen=True, omit_defaults=True):
    """An ordinal bound to a noun: "second visit", "first phase", "third trip"."""

    text: str
    value: int
    span: Span
    noun: str = ""


class Entity(msgspec.Struct, frozen=True, omit_defaults=True):
    """A place or actor, with its canonical name from the alias table.

    `role` is "agent" (the doer, before the main verb), "target" (after to/into/for/with)
    or "other".
    """

    text: str
    canonical: str
    span: Span
    role: Literal["agent", "target", "other"] = "other"


class Cue(msgspec.Struct, frozen=True):
    """A word or phrase that changes how a claim reads: a negation or a hedge."""

    text: str
    span: Span


class Attribution(msgspec.Struct, frozen=True):
    """Who the claim is attributed to: "according to the NIS", "TASS reported"."""

    source: str
    text: str
    span: Span


class Analysis(msgspec.Struct, frozen=True, omit_defaults=True):
    quantities: list[Quantity] = []
    dates: list[DateMention] = []
    ordinals: list[Ordinal] = []
    entities: list[Entity] = []
    negations: list[Cue] = []
    hedges: list[Cue] = []
    attribution: Attribution | None = None
    negated: bool = False
    hedged: bool = False
