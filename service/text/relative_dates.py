"""Dates that only mean something against the report's date: "last year", "this month",
"yesterday", "two weeks ago", "over the past two years", "on Friday"."""

import datetime as dt
import re
from collections.abc import Callable

from schemas.analysis import DateMention
from service.text.calendar_words import (
    calendar,
    count_alternation,
    last_day,
    mention,
    shift_months,
    weekday_alternation,
    windows_around,
)
from service.text.phrases import Words

_RELATIVE_DAY = re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b", re.IGNORECASE)
_RELATIVE_UNIT = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?P<shift>last|past|previous|this|current|next|coming)\s+"
    r"(?P<unit>week|weekend|month|year)\b",
    re.IGNORECASE,
)
_AGO = re.compile(
    rf"\b(?P<n>\d+|{count_alternation()})\s+(?P<unit>day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_THE_PAST = re.compile(
    r"\b(?:(?:over|in|during|for)\s+)?the\s+(?:past|last|previous)\s+"
    rf"(?P<n>\d+|{count_alternation()})\s+(?P<unit>day|week|month|year)s\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<shift>last|this|next)\s+)?(?P<w>{weekday_alternation()})\b", re.IGNORECASE
)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else calendar().counts[raw.lower()]


def _back(ref: dt.date, count: int, unit: str) -> dt.date:
    if unit == "day":
        return ref - dt.timedelta(days=count)
    if unit == "week":
        return ref - dt.timedelta(weeks=count)
    return shift_months(ref, -count * (12 if unit == "year" else 1))


def _relative_day(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if ref is None:
        return mention(text, match, "relative")
    when = ref + dt.timedelta(days=calendar().relative_days[match["word"].lower()])
    return mention(
        text, match, "relative", when, when, month=when.month, day=when.day, year=when.year
    )


def _relative_unit(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if ref is None:
        return mention(text, match, "relative")
    shift = calendar().relative_shifts[match["shift"].lower()]
    unit = match["unit"].lower()
    if unit == "year":
        year = ref.year + shift
        return mention(
            text, match, "relative", dt.date(year, 1, 1), dt.date(year, 12, 31), year=year
        )
    if unit == "month":
        first = shift_months(ref.replace(day=1), shift)
        end = first.replace(day=last_day(first.year, first.month))
        return mention(text, match, "relative", first, end, month=first.month, year=first.year)
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=shift)
    start = monday + dt.timedelta(days=5) if unit == "weekend" else monday
    return mention(text, match, "relative", start, monday + dt.timedelta(days=6))


def _ago(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if ref is None:
        return mention(text, match, "relative")
    when = _back(ref, _count(match["n"]), match["unit"].lower())
    return mention(text, match, "relative", when, when)


def _the_past(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if ref is None:
        return mention(text, match, "relative")
    start = _back(ref, _count(match["n"]), match["unit"].lower())
    return mention(text, match, "relative", start, ref)


def _weekday(text: str, match: re.Match[str], ref: dt.date | None) -> DateMention | None:
    if ref is None:
        return mention(text, match, "weekday")
    target = calendar().weekdays[match["w"].lower()]
    shift = (match["shift"] or "").lower()
    if shift == "next":
        when = ref + dt.timedelta(days=(target - ref.weekday() - 1) % 7 + 1)
    elif shift == "this":
        when = ref + dt.timedelta(days=target - ref.weekday())
    else:
        # A bare weekday in a report is the latest one, the report's own day included;
        # "last Friday" is the latest before the report's day.
        back = (ref.weekday() - target) % 7
        when = ref - dt.timedelta(days=back if back or shift != "last" else 7)
    return mention(
        text, match, "weekday", when, when, month=when.month, day=when.day, year=when.year
    )


_Finder = Callable[[str, re.Match[str], dt.date | None], DateMention | None]
_SHIFT_WORDS = frozenset(
    {"last", "past", "previous", "this", "current", "next", "coming", "earlier", "later"}
)


def relative_searches(
    tokens: Words,
) -> list[tuple[re.Pattern[str], _Finder, list[tuple[int, int]]]]:
    """Each relative-date finder with the windows (around its key words) worth searching."""
    shifts = windows_around(tokens, _SHIFT_WORDS, 3, 3)
    return [
        (_THE_PAST, _the_past, shifts),
        (_AGO, _ago, windows_around(tokens, {"ago"}, 3, 0)),
        (_RELATIVE_UNIT, _relative_unit, shifts),
        (_RELATIVE_DAY, _relative_day, windows_around(tokens, calendar().relative_days, 0, 0)),
        (_WEEKDAY, _weekday, windows_around(tokens, calendar().weekdays, 1, 0)),
    ]
