"""Dates and periods in a claim, resolved against the report's date when it is known.

Absolute ("September 10, 2023", "4 June", "October 2024", "2024"), ranges ("from October 8 to 13",
"between January and February"), periods ("in early June", "first week of February", "mid-2024"),
relative dates ("last year", "this month", "yesterday", "two weeks ago") and weekdays ("on Friday").

A date without a year is placed in the year that brings it nearest to the reference date: news
reports mostly look back, but a summit "on September 13" in a report of September 11 lies ahead.
Without a reference date the month, day and year that are written are kept and start/end stay None.
"""

import datetime as dt
import re
from collections.abc import Callable

from schemas.analysis import DateMention
from service.text.calendar_words import (
    calendar,
    expand_two_digit_year,
    last_day,
    mention,
    month_alternation,
    nearest_year,
    safe_date,
    windows_around,
)
from service.text.phrases import words_of
from service.text.relative_dates import relative_searches

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_TO = r"\s*(?:-|–|—|to|and|until|till|through)\s*"


def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.format(
        M=month_alternation(),
        D=_DAY,
        Y=_YEAR,
        TO=_TO,
    )
    return re.compile(pattern, re.IGNORECASE)


# Tried in this order; a later pattern never takes text an earlier one matched.
_ISO = re.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-])")
_DAY_RANGE_MONTH_FIRST = _compile(
    r"(?<!\w)(?:(?:from|between)\s+)?(?P<m1>{M})\.?\s+(?P<d1>{D}){TO}(?:(?P<m2>{M})\.?\s+)?"
    r"(?P<d2>{D})\b(?:,?\s+(?P<y>{Y})\b)?"
)
_DAY_RANGE_DAY_FIRST = _compile(
    r"(?<![\w,.])(?:(?:from|between)\s+)?(?P<d1>{D}){TO}(?P<d2>{D})\s+(?:of\s+)?(?P<m1>{M})\b"
    r"(?:,?\s+(?P<y>{Y})\b)?"
)
_DAY_MONTH_FIRST = _compile(
    r"(?<!\w)(?P<m>{M})\.?\s+(?:the\s+)?(?P<d>{D})\b(?![,.]\d)(?:,?\s+(?P<y>{Y})\b)?"
)
_DAY_DAY_FIRST = _compile(
    r"(?<![\w,.])(?:the\s+)?(?P<d>{D})\s+(?:of\s+)?(?P<m>{M})\b(?:,?\s+(?P<y>{Y})\b)?"
)
_PART_OF = _compile(
    r"(?<!\w)(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+"
    r"(?P<part>week|half|quarter)\s+of\s+(?:(?:the\s+)?(?P<shift>this|last|next)\s+(?P<unit>year)"
    r"|(?P<m>{M})(?:\s+(?:of\s+)?(?P<y>{Y}))?|(?P<y2>{Y}))\b"
)
_EARLY_LATE = _compile(
    r"(?<!\w)(?P<part>early|mid|middle|late)(?:\s*-\s*|\s+)(?:(?P<m>{M})(?:\s+(?P<y>{Y}))?"
    r"|(?P<y2>{Y}))\b"
)
_MONTH_RANGE = _compile(
    r"(?<!\w)(?:(?P<lead>between|from)\s+)?(?P<m1>{M})(?:\s+(?P<y1>{Y}))?{TO}(?P<m2>{M})"
    r"(?:\s+(?P<y2>{Y}))?\b"
)
_MONTH = _compile(
    r"(?<!\w)(?P<m>{M})\b(?:\.?\s+(?:of\s+)?(?:(?P<y>{Y})\b|(?P<yy>['’]\d\d)\b"
    r"|(?P<shift>last|this|next)\s+year\b))?"
)
_YEAR_ALONE = re.compile(rf"(?<![\w.,$£€'’-])(?P<y>{_YEAR})(?![\w%]|[.,]\d)")
# Lookbehinds: a match starts where its run starts, so a search reads each run once (linear).
_WORD_BEFORE = re.compile(r"(?<![a-z])([a-z]+)\W{0,3}$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"(?<!\s)\s*([A-Za-z]+)")


def _month(match: re.Match[str], group: str) -> int:
    return int(calendar().months[match.group(group).lower().rstrip(".")])


def _int(match: re.Match[str], group: str) -> int | None:
    raw = match.group(group)
    return None if raw is None else int(re.sub(r"\D", "", raw))


def _month_is_a_word(text: str, match: re.Match[str], group: str) -> bool:
    """ "may" the verb, "march" the verb or "Jan" the name: a month only when written as one."""
    written = match.group(group)
    if written.lower().rstrip(".") not in calendar().month_words:
        return False
    return not written[0].isupper()


def _day(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if _month_is_a_word(text, match, "m"):
        return None
    month, day, year = _month(match, "m"), _int(match, "d"), _int(match, "y")
    assert day is not None  # the group is not optional
    if day > last_day(2024, month):  # 2024: a leap year allows February 29
        return None
    resolved = nearest_year(month, day, ref) if year is None and ref is not None else year
    when = None if resolved is None else safe_date(resolved, month, day)
    return mention(text, match, "day", when, when, month=month, day=day, year=resolved)


def _day_range(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if _month_is_a_word(text, match, "m1"):
        return None
    first_month = _month(match, "m1")
    last_month = _month(match, "m2") if match.groupdict().get("m2") else first_month
    first_day, final_day, year = _int(match, "d1"), _int(match, "d2"), _int(match, "y")
    assert first_day is not None
    assert final_day is not None
    if last_month == first_month and final_day <= first_day:
        return None  # "June 17 and 4" is a date followed by another figure
    if year is None and ref is not None:
        year = nearest_year(first_month, first_day, ref)
    start = end = None
    if year is not None:
        start = safe_date(year, first_month, first_day)
        end_year = year + 1 if last_month < first_month else year
        end = safe_date(end_year, last_month, final_day)
    return mention(text, match, "range", start, end, month=first_month, day=first_day, year=year)


def _resolve_year(
    match: re.Match[str], month: int | None, ref: dt.date | None, *groups: str
) -> int | None:
    for group in groups:
        if match.groupdict().get(group):
            raw = match.group(group)
            if raw[0] in "'’":
                return expand_two_digit_year(int(raw[1:]))
            return int(raw)
    if "shift" in match.groupdict() and match.group("shift") and ref is not None:
        return ref.year + int(calendar().relative_shifts[match.group("shift").lower()])
    if ref is None:
        return None
    return ref.year if month is None else nearest_year(month, 15, ref)


def _month_only(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if _month_is_a_word(text, match, "m"):
        return None
    month = _month(match, "m")
    written_year = match.group("y") or match.group("yy") or match.group("shift")
    word = match.group("m").lower().rstrip(".")
    if not written_year and word in calendar().month_words:
        before = _WORD_BEFORE.search(text, max(0, match.start() - 16), match.start())
        if before is None or before.group(1).lower() not in calendar().year_context:
            return None  # "May" opening a sentence is a verb far more often than a month
    year = _resolve_year(match, month, ref, "y", "yy")
    if year is None:
        return mention(text, match, "month", month=month)
    start, end = dt.date(year, month, 1), dt.date(year, month, last_day(year, month))
    return mention(text, match, "month", start, end, month=month, year=year)


def _month_range(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if _month_is_a_word(text, match, "m1") or _month_is_a_word(text, match, "m2"):
        return None
    between = match.group("lead") is not None
    joiner = text[match.end("m1") if not match.group("y1") else match.end("y1") : match.start("m2")]
    if not between and joiner.strip().lower() == "and":
        return None  # "January and March" may be two separate months, not the months between
    first, last = _month(match, "m1"), _month(match, "m2")
    last_year = _int(match, "y2")
    first_year = _int(match, "y1")
    if last_year is None and first_year is not None:
        last_year = first_year + (1 if last < first else 0)
    if last_year is None and ref is not None:
        last_year = nearest_year(last, 15, ref)
    if first_year is None and last_year is not None:
        first_year = last_year - (1 if last < first else 0)
    if first_year is None or last_year is None:
        return mention(text, match, "range", month=first)
    start = dt.date(first_year, first, 1)
    end = dt.date(last_year, last, last_day(last_year, last))
    return mention(text, match, "range", start, end, month=first, year=first_year)


def _part_of(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    month = _month(match, "m") if match.group("m") else None
    if month is not None and _month_is_a_word(text, match, "m"):
        return None
    year = _resolve_year(match, month, ref, "y", "y2")
    ordinal = int(calendar().ordinal_parts[match.group("ord").lower()])
    part = match.group("part").lower()
    if year is None:
        return mention(text, match, "period", month=month)
    if month is not None:
        last = last_day(year, month)
        if part == "week":
            first_day = last - 6 if ordinal < 0 else min(7 * ordinal - 6, last)
            span = (first_day, last if ordinal < 0 else min(first_day + 6, last))
        elif part == "half":
            span = (16, last) if ordinal in (-1, 2) else (1, 15)
        else:
            return None  # "first quarter of June" is not a period
        start, end = dt.date(year, month, span[0]), dt.date(year, month, span[1])
        return mention(text, match, "period", start, end, month=month, year=year)
    size = {"half": 6, "quarter": 3}.get(part)
    if size is None:
        return None  # weeks of a year are too rarely meant literally
    count = 12 // size
    index = count if ordinal < 0 else ordinal
    if index > count:
        return None
    first_month, last_month = size * (index - 1) + 1, size * index
    start = dt.date(year, first_month, 1)
    end = dt.date(year, last_month, last_day(year, last_month))
    return mention(text, match, "period", start, end, year=year)


def _early_late(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    month = _month(match, "m") if match.group("m") else None
    if month is not None and _month_is_a_word(text, match, "m"):
        return None
    part = match.group("part").lower()
    year = _resolve_year(match, month, ref, "y", "y2")
    if year is None:
        return mention(text, match, "period", month=month)
    if month is not None:
        first, last = calendar().part_of_month[part]
        last = min(last, last_day(year, month))
        start, end = dt.date(year, month, first), dt.date(year, month, last)
        return mention(text, match, "period", start, end, month=month, year=year)
    first, last = calendar().part_of_year[part]
    start, end = dt.date(year, first, 1), dt.date(year, last, last_day(year, last))
    return mention(text, match, "period", start, end, year=year)


def _iso(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    when = safe_date(year, month, day)
    if when is None:
        return None
    return mention(text, match, "day", when, when, month=month, day=day, year=year)


def _year_alone(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    """A four-digit number is a year after "in", "since"... and a count before a plural noun."""
    before = _WORD_BEFORE.search(text, max(0, match.start() - 16), match.start())
    if before is None or before.group(1).lower() not in calendar().year_context:
        after = _WORD_AFTER.match(text, match.end())
        if after is not None and after.group(1).islower() and after.group(1).endswith("s"):
            return None
    year = int(match["y"])
    return mention(text, match, "year", dt.date(year, 1, 1), dt.date(year, 12, 31), year=year)


_Finder = Callable[[str, re.Match[str], dt.date | None], DateMention | None]
_MONTH_FINDERS: list[tuple[re.Pattern[str], _Finder]] = [
    (_DAY_RANGE_MONTH_FIRST, _day_range),
    (_DAY_RANGE_DAY_FIRST, _day_range),
    (_PART_OF, _part_of),
    (_EARLY_LATE, _early_late),
    (_DAY_MONTH_FIRST, _day),
    (_DAY_DAY_FIRST, _day),
    (_MONTH_RANGE, _month_range),
    (_MONTH, _month_only),
]
_PART_WORDS = frozenset({"early", "mid", "middle", "late"})
_HALVES = frozenset({"half", "quarter"})
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)\d\d")


_Search = tuple[re.Pattern[str], _Finder, list[tuple[int, int]]]


def _searches(text: str) -> list[_Search]:
    """Each finder with the windows of `text` worth searching, most specific finder first."""
    tokens = words_of(text)
    whole = [(0, len(text))]
    searches: list[_Search] = []
    has_year = _YEAR_DIGITS.search(text) is not None
    if has_year and "-" in text:
        searches.append((_ISO, _iso, whole))
    months = windows_around(tokens, calendar().months, 5, 6)
    searches.extend((pattern, finder, months) for pattern, finder in _MONTH_FINDERS)
    if has_year:
        parts = windows_around(tokens, _PART_WORDS, 0, 2)
        searches.append((_EARLY_LATE, _early_late, parts))  # "mid-2024"
        halves = windows_around(tokens, _HALVES, 3, 4)
        searches.append((_PART_OF, _part_of, halves))  # "the second half of 2024"
    searches.extend(relative_searches(tokens))
    if has_year:
        searches.append((_YEAR_ALONE, _year_alone, whole))
    return searches


def find_dates(text: str, reference_date: dt.date | None = None) -> list[DateMention]:
    """Every date or period in `text`, left to right; overlaps go to the more specific pattern."""
    taken: list[DateMention] = []
    for pattern, finder, windows in _searches(text):
        for low, high in windows:
            for match in pattern.finditer(text, low, high):
                if any(d.span.start < match.end() and match.start() < d.span.end for d in taken):
                    continue
                try:
                    found = finder(text, match, reference_date)
                except (OverflowError, ValueError):
                    continue  # outside years 1-9999 ("999999999 days ago"): no calendar date
                if found is not None:
                    taken.append(found)
    return sorted(taken, key=lambda d: d.span.start)
