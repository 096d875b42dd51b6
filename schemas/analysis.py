"""What the text analysis finds in one claim; computed once at ingest, stored, and returned.

Every span is in code points, relative to the text that was analysed (the claim's own text).
"""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Qualifier = Literal["exact", "about", "over", "under", "up_to", "at_least", "at_most", "between"]


class Span(msgspec.Struct, frozen=True, array_like=False):
    """Where a piece of text is: code point offsets, end exclusive."""

    start: Annotated[int, Meta(description="Offset of the first code point.")]
    end: Annotated[int, Meta(description="Offset just past the last code point.")]


class Quantity(msgspec.Struct, frozen=True, omit_defaults=True):
    """A figure with its unit noun and qualifier, e.g. "around 10,000 troops".

    `low`/`high` are the interval the qualifier allows (None: unbounded on that side);
    `value` is the figure as written, scale words applied ("1.28 million" -> 1_280_000).
    """

    text: Annotated[str, Meta(description='The figure as written: "around 10,000 troops".')]
    value: Annotated[
        float, Meta(description='The figure, scale words applied ("1.28 million": 1280000).')
    ]
    span: Annotated[Span, Meta(description="Where the figure is in the analysed text.")]
    unit: Annotated[
        str,
        Meta(description='The unit noun, singular and lower case: "troop", "percent"; "" if none.'),
    ] = ""
    unit_text: Annotated[str, Meta(description='The unit noun as written: "troops".')] = ""
    qualifier: Annotated[
        Qualifier, Meta(description='How the figure is hedged: "about", "over", "up_to"...')
    ] = "exact"
    low: Annotated[
        float | None, Meta(description="Lowest value the qualifier allows; absent: unbounded.")
    ] = None
    high: Annotated[
        float | None, Meta(description="Highest value the qualifier allows; absent: unbounded.")
    ] = None
    value_high: Annotated[
        float | None, Meta(description='Upper figure of a range ("between 10 and 12", "10-12").')
    ] = None


DateKind = Literal["day", "month", "year", "range", "relative", "weekday", "period"]


class DateMention(msgspec.Struct, frozen=True, omit_defaults=True):
    """A date or period. `start`/`end` are ISO dates (inclusive) once resolved."""

    text: Annotated[str, Meta(description='The date as written: "on June 4", "last week".')]
    span: Annotated[Span, Meta(description="Where the date is in the analysed text.")]
    kind: Annotated[
        DateKind, Meta(description="What the mention names: a day, a month, a range...")
    ]
    start: Annotated[
        str | None, Meta(description="First day it covers (ISO date), once resolved.")
    ] = None
    end: Annotated[
        str | None, Meta(description="Last day it covers (ISO date, inclusive), once resolved.")
    ] = None
    month: Annotated[
        int | None, Meta(description='Month number, kept even without a year ("June 4": 6).')
    ] = None
    day: Annotated[int | None, Meta(description="Day of the month, when given.")] = None
    year: Annotated[int | None, Meta(description="Year, when given or resolved.")] = None


class Ordinal(msgspec.Struct, frozen=True, omit_defaults=True):
    """An ordinal bound to a noun: "second visit", "first phase", "third trip"."""

    text: Annotated[str, Meta(description='The ordinal and its noun as written: "second visit".')]
    value: Annotated[int, Meta(description='The ordinal as a number ("second": 2).')]
    span: Annotated[Span, Meta(description="Where the ordinal is in the analysed text.")]
    noun: Annotated[
        str, Meta(description='The noun it counts, lower case: "visit"; "" if none.')
    ] = ""


class Entity(msgspec.Struct, frozen=True, omit_defaults=True):
    """A place or actor, with its canonical name from the alias table.

    `role` is "agent" (the doer, before the main verb), "target" (after to/into/for/with)
    or "other".
    """

    text: Annotated[str, Meta(description='The name as written: "Pyongyang", "the DPRK".')]
    canonical: Annotated[
        str, Meta(description='The name every alias maps to: "North Korea" for "the DPRK".')
    ]
    span: Annotated[Span, Meta(description="Where the name is in the analysed text.")]
    role: Annotated[
        Literal["agent", "target", "other"],
        Meta(description="agent: the doer; target: after to/into/for/with; other: anything else."),
    ] = "other"


class Cue(msgspec.Struct, frozen=True):
    """A word or phrase that changes how a claim reads: a negation or a hedge."""

    text: Annotated[str, Meta(description='The word or phrase as written: "not", "reportedly".')]
    span: Annotated[Span, Meta(description="Where it is in the analysed text.")]


class Attribution(msgspec.Struct, frozen=True):
    """Who the claim is attributed to: "according to the NIS", "TASS reported"."""

    source: Annotated[str, Meta(description='Who the claim is attributed to: "NIS".')]
    text: Annotated[str, Meta(description='The attribution as written: "according to the NIS".')]
    span: Annotated[Span, Meta(description="Where the attribution is in the analysed text.")]


class Analysis(msgspec.Struct, frozen=True, omit_defaults=True):
    """What a claim states, found once at ingest: the parts the stance rules compare."""

    quantities: Annotated[list[Quantity], Meta(description="Figures, in text order.")] = []
    dates: Annotated[list[DateMention], Meta(description="Dates and periods, in text order.")] = []
    ordinals: Annotated[
        list[Ordinal], Meta(description='Ordinals bound to a noun ("first phase").')
    ] = []
    entities: Annotated[list[Entity], Meta(description="Places and actors, in text order.")] = []
    negations: Annotated[list[Cue], Meta(description='Negating words ("not", "denied").')] = []
    hedges: Annotated[list[Cue], Meta(description='Hedging words ("reportedly", "may").')] = []
    attribution: Annotated[
        Attribution | None, Meta(description="Who the claim is attributed to, if anyone.")
    ] = None
    negated: Annotated[bool, Meta(description="True when the claim as a whole is negated.")] = False
    hedged: Annotated[
        bool, Meta(description="True when the claim is hedged or attributed, not asserted.")
    ] = False
