"""The calendar words and the date arithmetic the date finders share."""

import datetime as dt

from service.text.calendar_words import (
    calendar,
    expand_two_digit_year,
    last_day,
    nearest_year,
    safe_date,
    shift_months,
    windows_around,
)
from service.text.phrases import words_of


def test_month_and_weekday_names_map_to_their_numbers() -> None:
    assert calendar().months["october"] == 10
    assert calendar().weekdays["friday"] == 4  # Monday is 0, as in `date.weekday()`


def test_the_last_day_of_february_follows_leap_years() -> None:
    assert last_day(2024, 2) == 29
    assert last_day(2023, 2) == 28
    assert last_day(2024, 12) == 31


def test_an_impossible_date_is_none_rather_than_an_error() -> None:
    assert safe_date(2023, 2, 29) is None
    assert safe_date(2024, 2, 29) == dt.date(2024, 2, 29)


def test_a_day_without_a_year_takes_the_year_nearest_the_report() -> None:
    assert nearest_year(12, 30, dt.date(2025, 1, 2)) == 2024
    assert nearest_year(1, 3, dt.date(2024, 12, 30)) == 2025
    assert nearest_year(6, 1, dt.date(2024, 5, 20)) == 2024


def test_two_digit_years_are_read_within_fifty_years() -> None:
    assert expand_two_digit_year(19) == 2019
    assert expand_two_digit_year(87) == 1987


def test_shifting_by_months_keeps_the_day_within_the_month() -> None:
    assert shift_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert shift_months(dt.date(2024, 3, 15), -3) == dt.date(2023, 12, 15)


def test_windows_around_key_words_merge_where_they_overlap() -> None:
    words = words_of("Troops arrived in Kursk on Monday and left on Friday")
    assert windows_around(words, calendar().weekdays, 1, 0) == [(24, 33), (43, 52)]
    assert windows_around(words, {"monday", "and"}, 1, 0) == [(24, 37)]
