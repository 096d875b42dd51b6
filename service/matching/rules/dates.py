"""Dates: each date of the statement against the claim's dates it can be compared with.

Two dates compare on the calendar when both have their year written out. Otherwise they
compare by month and day alone: a report from June says "June 4", the analyser fills in the
year from the report's date, and a statement checked later may get another year; a year
nobody wrote must not decide. A day inside a month or a range agrees with it. "before",
"by", "after" and "since" just ahead of a date open it to one side ("before 2000" meets 1992).
A weekday compares with the weekday of the other side: one written out ("on Tuesday"), or the
day a report's weekday was resolved to ("on Wednesday" in a report of Thursday 18 September is
17 September), so "landfall on Tuesday night" meets "landfall on Wednesday" as a conflict.
Relative dates ("last week") are not compared, nor the day something was said ("officials said
on Friday"); "Friday, August 1" is compared as August 1.
"""

import json
import math
import re
from datetime import date
from functools import cache
from importlib import resources

import msgspec

from schemas.analysis import DateMention
from schemas.check import Reason
from service.matching.rules.frames import (
    event_predicates,
    event_verbs,
    event_words,
    other_events,
    other_predicates,
)
from service.matching.rules.pair import Pair, reason
from service.text.clauses import clause_of
from service.text.modality import clause_modality, kept_from_speculation

_UNCOMPARABLE_KINDS = frozenset({"relative"})
_RELATIVE_YEAR_WORDS = (
    "last year",
    "next year",
    "this year",
    "years ago",
    "year ago",
    "previous year",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Month-day positions: month * 32 + day keeps calendar order without knowing the year.
_MONTH_STRIDE = 32
_YEAR_END = 12 * _MONTH_STRIDE + 31
_PRECEDING_WORD = re.compile(r"(\w+)\W*$")
_POSSESSIVE = re.compile(r"['\u2019]s?\b")
# "Cal Fire said on Tuesday", "the company announced late on Friday that": the day of saying.
_PLAIN_WORD = re.compile(r"[\w’'-]+")
_NEXT_WORD = re.compile(r"[ \t]([a-zA-Z][\w’'-]*)")
# After a year, these start a phrase instead of being the thing the year names.
# fmt: off
_NOT_LABELLED = frozenset({
    "and", "or", "but", "to", "in", "on", "at", "for", "from", "by", "with", "as", "was",
    "were", "is", "are", "has", "have", "had", "will", "would", "that", "which", "when",
    "while", "after", "before", "than", "of",
})
# fmt: on
_DAY_PARTS = frozenset({"on", "late", "early", "in", "last", "this"})
# How a preposition just before a date opens it: (keep start, keep end, shift).
_BEFORE = frozenset({"before", "prior"})
_UP_TO = frozenset({"by", "until", "till", "through", "thru"})
_AFTER = frozenset({"after"})
_FROM = frozenset({"since"})


class _Range(msgspec.Struct, frozen=True):
    low: float
    high: float

    def meets(self, other: "_Range") -> bool:
        return self.low <= other.high and other.low <= self.high


def _iso(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _year_written(mention: DateMention) -> bool:
    return mention.year is not None and str(mention.year) in mention.text


def _calendar(mention: DateMention) -> _Range | None:
    start, end = _iso(mention.start), _iso(mention.end)
    if start is None or end is None:
        return None
    return _Range(start.toordinal(), end.toordinal())


def _month_day(mention: DateMention) -> _Range | None:
    if mention.kind == "year":
        return None  # a whole year has no month and day to compare
    start, end = _iso(mention.start), _iso(mention.end)
    if start is not None and end is not None:
        if start.year != end.year:
            return None  # wraps the new year: month-day order no longer holds
        return _Range(start.month * _MONTH_STRIDE + start.day, end.month * _MONTH_STRIDE + end.day)
    if mention.month is None:
        return None
    first = mention.month * _MONTH_STRIDE + (mention.day or 1)
    if mention.kind == "range":
        return _Range(first, _YEAR_END)  # the analyser kept only where the range starts
    if mention.day is not None:
        return _Range(first, first)
    return _Range(first, mention.month * _MONTH_STRIDE + 31)


def _opened(text: str, mention: DateMention, span: _Range) -> _Range:
    if _POSSESSIVE.match(text, mention.span.end):
        return span  # "after Thursday's launch": the date is the launch's own, not a bound
    word = _word_before(text, mention)
    if word in _BEFORE:
        return _Range(-math.inf, span.low - 1)
    if word in _UP_TO:
        return _Range(-math.inf, span.high)
    if word in _AFTER:
        return _Range(span.high + 1, math.inf)
    if word in _FROM:
        return _Range(span.low, math.inf)
    return span


def _word_before(text: str, mention: DateMention) -> str:
    found = _PRECEDING_WORD.search(text, max(0, mention.span.start - 16), mention.span.start)
    return found.group(1).lower() if found else ""


def _bound_word(text: str, mention: DateMention) -> str:
    """ "by " when the date is a bound the word just before it opens, else nothing."""
    word = _word_before(text, mention)
    opens = _BEFORE | _UP_TO | _AFTER | _FROM
    return f"{word} " if word in opens and not _POSSESSIVE.match(text, mention.span.end) else ""


def _starts(text: str, mention: DateMention) -> bool:
    """The date is when something began: "since 2005", "from 2015 until he resigned"."""
    return _word_before(text, mention) in _FROM | {"from"}


def _weekday(mention: DateMention) -> int | None:
    """The day of the week a mention names or was resolved to, when it is one day."""
    if mention.kind == "weekday":
        first = mention.text.split()[0].casefold() if mention.text.split() else ""
        if first in _WEEKDAYS:
            return _WEEKDAYS.index(first)
    start, end = _iso(mention.start), _iso(mention.end)
    if start is not None and start == end:
        return start.weekday()
    return None


def _spans(
    a: DateMention, a_text: str, b: DateMention, b_text: str
) -> tuple[_Range, _Range] | None:
    """The stretches of time each date allows, opened by "before", "by", "since" ...; None
    when the two cannot be compared."""
    if a.kind in _UNCOMPARABLE_KINDS or b.kind in _UNCOMPARABLE_KINDS:
        return None
    # "June 14" against "June of last year": a year one side gives and the other does not say.
    if (_relative_year(a) and a.year is not None and b.year is None and not _year_written(b)) or (
        _relative_year(b) and a.year is None
    ):
        return None
    unresolved = [m for m in (a, b) if m.kind == "weekday" and m.start is None]
    if unresolved:
        day_a, day_b = _weekday(a), _weekday(b)
        if day_a is None or day_b is None:
            return None
        return _Range(day_a, day_a), _Range(day_b, day_b)
    if _year_written(a) and _year_written(b):
        span_a, span_b = _calendar(a), _calendar(b)
    else:
        span_a, span_b = _month_day(a), _month_day(b)
    if span_a is None or span_b is None:
        return None
    if _starts(a_text, a) and _starts(b_text, b):
        return span_a, span_b  # "since 2005" and "from 2015 until ...": two beginnings
    return _opened(a_text, a, span_a), _opened(b_text, b, span_b)


def meets(a: DateMention, a_text: str, b: DateMention, b_text: str) -> bool | None:
    """Whether two dates can both hold; None when they cannot be compared.

    `a_text` and `b_text` are the sentences the mentions' spans point into.
    """
    spans = _spans(a, a_text, b, b_text)
    return None if spans is None else spans[0].meets(spans[1])


def bears_out(a: DateMention, a_text: str, b: DateMention, b_text: str) -> bool:
    """Whether date `b` leaves no time that date `a` does not: "on March 2" bears out "in
    March", but "in March" or "by Saturday" only hold "on August 1" without saying it."""
    spans = _spans(a, a_text, b, b_text)
    if spans is None:
        return False
    mine, theirs = spans
    return mine.low <= theirs.low and theirs.high <= mine.high


def _says(a: DateMention, b: DateMention) -> str:
    return f"statement says {a.text}, report says {b.text}"


def _bears_on(pair: Pair, mention: DateMention, other: DateMention) -> bool:
    """A date bears on the statement's only when it is the date of the same event."""
    if other_predicates(
        event_predicates(pair.statement, mention.span), event_predicates(pair.claim, other.span)
    ):
        return False  # "arrested on Monday" vs "the trial opened on Monday"
    mine = event_words(pair.statement, pair.statement_analysis, mention.span)
    theirs = event_words(pair.claim, pair.claim_analysis, other.span)
    return not other_events(mine, theirs)


def _only_expected(pair: Pair, mention: DateMention, other: DateMention) -> bool:
    """A date in a clause that only expects or speculates ("with the June 19 anniversary
    approaching, speculation has arisen ...") refutes no date a thing happened on."""
    statement_kind = clause_modality(pair.statement).whole(
        clause_of(pair.statement, mention.span.start)
    )[0]
    claim_kind = clause_modality(pair.claim).whole(clause_of(pair.claim, other.span.start))[0]
    return kept_from_speculation(statement_kind) and claim_kind == "speculative"


def _relative_year(mention: DateMention) -> bool:
    """ "June of last year", "March a year ago": a year written as a distance from the report."""
    return (
        mention.year is not None
        and not _year_written(mention)
        and any(word in mention.text.casefold() for word in _RELATIVE_YEAR_WORDS)
    )


@cache
def _reporting_verbs() -> frozenset[str]:
    table = json.loads(
        resources.files("service.text").joinpath("data", "attribution.json").read_text("utf-8")
    )
    return frozenset(table["verbs"])


def said_on(text: str, mention: DateMention) -> bool:
    """Whether the date is the day something was said ("officials said on Friday", "Orison
    said on Friday that Lumen-1 had come down ..."), not the day of what was said."""
    before = text[max(0, mention.span.start - 32) : mention.span.start]
    words = [w.casefold() for w in _PLAIN_WORD.findall(before)]
    while words and words[-1] in _DAY_PARTS:
        words.pop()
    return bool(words) and words[-1] in _reporting_verbs()


def _weekday_before_day(text: str, mention: DateMention, mentions: list[DateMention]) -> bool:
    """ "Friday, August 1": the weekday names the day the date gives; the date is compared."""
    return mention.kind == "weekday" and any(
        other.kind == "day"
        and other.span.start > mention.span.end
        and not text[mention.span.end : other.span.start].strip(" ,")
        for other in mentions
    )


def _compared(text: str, mentions: list[DateMention]) -> list[DateMention]:
    return [
        m for m in mentions if not said_on(text, m) and not _weekday_before_day(text, m, mentions)
    ]


def date_reasons(pair: Pair) -> list[Reason]:
    found: list[Reason] = []
    claim_dates = _compared(pair.claim, pair.claim_analysis.dates)
    for mention in _compared(pair.statement, pair.statement_analysis.dates):
        verdicts = [
            (meets(mention, pair.statement, other, pair.claim), other)
            for other in claim_dates
            if _bears_on(pair, mention, other)
        ]
        verdicts = [
            (ok, other)
            for ok, other in verdicts
            if ok is not False or not _only_expected(pair, mention, other)
        ]
        if label_of(pair.statement, mention) is not None:
            labelled = [(ok, o) for ok, o in verdicts if label_of(pair.claim, o) is not None]
            if (named := _other_label(pair, mention, labelled)) is not None:
                found.append(named)
            # The same year naming the same thing ("the 2026 budget") is no evidence of a date.
            verdicts = [(ok, o) for ok, o in verdicts if (ok, o) not in labelled]
        agreeing = [other for ok, other in verdicts if ok is True]
        disagreeing = [other for ok, other in verdicts if ok is False]
        if agreeing:
            borne = [o for o in agreeing if bears_out(mention, pair.statement, o, pair.claim)]
            other = (borne or agreeing)[0]
            if not borne:
                # "sentenced in September" or "by Saturday" holds "September 22" but does
                # not bear it out.
                bound = _bound_word(pair.claim, other)
                message = f"statement says {mention.text}, report says only {bound}{other.text}"
                found.append(reason("date", "neutral", message, mention.span, other.span))
                continue
            found.append(
                reason("date", "supports", _says(mention, other), mention.span, other.span)
            )
        elif disagreeing:
            other = disagreeing[0]
            found.append(
                reason("date", "conflicts", _says(mention, other), mention.span, other.span)
            )
    return found


def label_of(text: str, mention: DateMention) -> str | None:
    """The noun a year names when it is written as a label ("the 2026 budget", "the 2024
    election"): then it says which thing, not when something happened."""
    if mention.kind != "year":
        return None
    following = _NEXT_WORD.match(text, mention.span.end)
    if following is None:
        return None
    word = following.group(1)
    if not word[:1].islower() or word.casefold() in _NOT_LABELLED:
        return None
    return word


def _other_label(
    pair: Pair, mention: DateMention, labelled: list[tuple[bool | None, DateMention]]
) -> Reason | None:
    """ "the 2025 budget" against "the 2026 budget" of the same noun: another thing, not a
    wrong date."""
    noun = label_of(pair.statement, mention)
    for ok, other in labelled:
        if ok is False and noun is not None and label_of(pair.claim, other) == noun:
            return reason(
                "referent",
                "conflicts",
                f"the report is about the {other.text} {noun}; the statement is about the "
                f"{mention.text} {noun}",
                mention.span,
                other.span,
            )
    return None


def dates_anchored(pair: Pair) -> bool:
    """Whether a date of the statement and one of the claim are told of the same event, a
    listed one or by the same verb ("lifted off on Wednesday" and "lifted off early on
    Thursday", "sailed on April 12" and "finally sailed on Wednesday"): then the two sentences
    are about one thing however few other words they share, and the dates may disagree."""
    if not pair.statement_analysis.dates or not pair.claim_analysis.dates:
        return False
    mine = _compared(pair.statement, pair.statement_analysis.dates)
    theirs = _compared(pair.claim, pair.claim_analysis.dates)
    return any(
        event_predicates(pair.statement, a.span) & event_predicates(pair.claim, b.span)
        or event_verbs(pair.statement, a.span) & event_verbs(pair.claim, b.span)
        for a in mine
        for b in theirs
    )


_DAY_KINDS = frozenset({"day", "weekday"})


def _grain(text: str, mention: DateMention) -> str | None:
    """ "day" for a date of one day, "span" for a month, a year or a stretch ("this year",
    "last month"); None for a year that names a thing ("the 2026 budget")."""
    if mention.kind in _DAY_KINDS:
        return "day"
    if mention.kind == "year" and label_of(text, mention) is not None:
        return None
    start, end = _iso(mention.start), _iso(mention.end)
    if mention.kind == "relative" and start is not None and end is not None:
        return "day" if start == end else "span"  # "yesterday" against "this year"
    return "span"


def periods_apart(pair: Pair) -> bool:
    """One side tells its figure of a day ("ended Wednesday's session 17% lower"), the other
    of a stretch ("have lost about 40 percent of their value this year"): the figures are of
    different periods, and neither refutes the other."""
    grains = (
        frozenset(g for m in pair.statement_analysis.dates if (g := _grain(pair.statement, m))),
        frozenset(g for m in pair.claim_analysis.dates if (g := _grain(pair.claim, m))),
    )
    return set(grains) == {frozenset({"day"}), frozenset({"span"})}
