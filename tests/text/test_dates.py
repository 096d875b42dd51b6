"""find_dates: absolute and relative dates, ranges, periods and weekdays, resolved to ISO days."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.analysis import DateMention
from service.text.dates import find_dates

REPORT = dt.date(2025, 6, 17)  # a Tuesday


def only(text: str, ref: dt.date | None = REPORT) -> DateMention:
    found = find_dates(text, ref)
    assert len(found) == 1, found
    assert text[found[0].span.start : found[0].span.end] == found[0].text
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("his prior visit on June 4.", "day", "2025-06-04", "2025-06-04"),
        ("they met on 4 June.", "day", "2025-06-04", "2025-06-04"),
        ("On September 10, 2023, he left", "day", "2023-09-10", "2023-09-10"),
        ("announced on February 27th that", "day", "2025-02-27", "2025-02-27"),
        ("in October 2024 the", "month", "2024-10-01", "2024-10-31"),
        ("since April ’19, that", "month", "2019-04-01", "2019-04-30"),
        ("signed in June of last year", "month", "2024-06-01", "2024-06-30"),
        ("in 2024 the army grew", "year", "2024-01-01", "2024-12-31"),
        ("the pact signed last year", "relative", "2024-01-01", "2024-12-31"),
        ("earlier this month", "relative", "2025-06-01", "2025-06-30"),
        ("yesterday", "relative", "2025-06-16", "2025-06-16"),
        ("two weeks ago", "relative", "2025-06-03", "2025-06-03"),
        ("over the past two years", "relative", "2023-06-17", "2025-06-17"),
        ("confirmed on Friday that", "weekday", "2025-06-13", "2025-06-13"),
        ("in early June", "period", "2025-06-01", "2025-06-10"),
        ("by mid-2024", "period", "2024-05-01", "2024-08-31"),
        ("in the first week of February", "period", "2025-02-01", "2025-02-07"),
        ("in the second half of 2024", "period", "2024-07-01", "2024-12-31"),
        ("between January and February.", "range", "2025-01-01", "2025-02-28"),
        ("from October 8 to 13.", "range", "2025-10-08", "2025-10-13"),
        ("on October 14 and 15.", "range", "2025-10-14", "2025-10-15"),
        ("from 8 to 13 October 2024", "range", "2024-10-08", "2024-10-13"),
    ],
)
def test_dates_resolve_against_the_report_date(text: str, kind: str, start: str, end: str) -> None:
    found = only(text)
    assert (found.kind, found.start, found.end) == (kind, start, end)


def test_a_year_less_date_goes_to_the_nearest_year() -> None:
    assert only("a summit on September 13", dt.date(2023, 9, 11)).start == "2023-09-13"
    assert only("on December 20", dt.date(2025, 1, 5)).start == "2024-12-20"


def test_without_a_reference_the_written_parts_are_kept() -> None:
    found = only("his prior visit on June 4.", None)
    assert (found.kind, found.month, found.day, found.year, found.start) == (
        "day",
        6,
        4,
        None,
        None,
    )


def test_june_4_and_june_14_are_different_days() -> None:
    assert only("on June 4").start != only("on June 14").start


def test_the_verb_may_and_the_noun_march_are_not_months() -> None:
    assert find_dates("Troops may go; the march was long.", REPORT) == []
    assert only("in May").month == 5


def test_a_count_in_the_year_range_is_not_a_year() -> None:
    assert find_dates("over 2000 soldiers", REPORT) == []


def test_the_first_week_of_february_is_not_march() -> None:
    first_week = only("the first week of February")
    march = only("in March")
    assert first_week.end is not None
    assert march.start is not None
    assert first_week.end < march.start


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_written_full_dates_read_back_exactly(day: dt.date) -> None:
    text = f"On {day:%B} {day.day}, {day.year}, it happened."
    assert only(text, None).start == day.isoformat()


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("It happened 999999999 days ago, he said.", dt.date(2024, 10, 18)),
        ("The talks resumed on Friday.", dt.date(1, 1, 1)),
        ("The deal was signed last year.", dt.date(1, 1, 1)),
        ("The talks resume next year.", dt.date(9999, 12, 31)),
    ],
)
def test_a_date_beyond_the_calendar_is_skipped_not_raised(text: str, reference: dt.date) -> None:
    # The relative phrase would resolve outside years 1-9999: it is not a date, and the rest of
    # the text is still read (no exception escapes to fail the whole report).
    found = find_dates(text, reference)
    assert not any(m.start and m.start.startswith(("0000", "10000")) for m in found)
    assert all(
        "ago" not in m.text and "year" not in m.text and "Friday" not in m.text for m in found
    )
