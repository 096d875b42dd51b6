"""Calendar words (data/dates.json) and the date arithmetic shared by the date finders."""

import datetime as dt
import json
import re
from collections.abc import Collection
from functools import cache
from importlib import resources

from schemas.analysis import DateKind, DateMention, Span
from service.text.phrases import Words, positions_of


class Calendar:
    def __init__(self) -> None:
        table = json.loads(
            resources.files("service.text").joinpath("data", "dates.json").read_text("utf-8")
        )
        self.months: dict[str, int] = table["months"]
        self.month_words: frozenset[str] = frozenset(table["months_that_are_also_words"])
        self.weekdays: dict[str, int] = table["weekdays"]
        self.year_context: frozenset[str] = frozenset(table["year_context_words"])
        self.part_of_month: dict[str, list[int]] = table["part_of_month"]
        self.part_of_year: dict[str, list[int]] = table["part_of_year"]
        self.ordinal_parts: dict[str, int] = table["ordinal_parts"]
        self.relative_days: dict[str, int] = table["relative_days"]
        self.relative_shifts: dict[str, int] = table["relative_shifts"]
        self.counts: dict[str, int] = table["counts"]


@cache
def calendar() -> Calendar:
    return Calendar()


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def month_alternation() -> str:
    return _alternation(list(calendar().months))


def weekday_alternation() -> str:
    return _alternation(list(calendar().weekdays))


def count_alternation() -> str:
    return _alternation(list(calendar().counts))


def last_day(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int, ref: dt.date) -> int:
    """The year that puts month/day nearest to `ref`; ties go to the past."""
    best_year, best_distance = ref.year, 10**6
    for year in (ref.year - 1, ref.year, ref.year + 1):
        when = dt.date(year, month, min(day, last_day(year, month)))
        distance = abs((when - ref).days)
        if distance < best_distance:
            best_year, best_distance = year, distance
    return best_year


def expand_two_digit_year(two_digits: int) -> int:
    """ "April ’19" is 2019; "’87" is 1987: news rarely looks more than 50 years ahead or back."""
    return 2000 + two_digits if two_digits < 50 else 1900 + two_digits


def shift_months(when: dt.date, months: int) -> dt.date:
    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(when.day, last_day(year, month + 1)))


def mention(
    text: str,
    match: re.Match[str],
    kind: DateKind,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    month: int | None = None,
    day: int | None = None,
    year: int | None = None,
) -> DateMention:
    return DateMention(
        text=text[match.start() : match.end()],
        span=Span(match.start(), match.end()),
        kind=kind,
        start=None if start is None else start.isoformat(),
        end=None if end is None else end.isoformat(),
        month=month,
        day=day,
        year=year,
    )


def windows_around(
    words: Words, keys: Collection[str], before: int, after: int
) -> list[tuple[int, int]]:
    """Text windows of a few words around each word in `keys`, merged where they overlap.

    The date patterns are tried only inside these windows: a regex tried at every position of a
    sentence costs far more than one pass that splits it into words.
    """
    windows: list[tuple[int, int]] = []
    last = len(words.starts) - 1
    for index in positions_of(words, keys):
        low = words.starts[max(0, index - before)]
        high = words.ends[min(last, index + after)]
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows
