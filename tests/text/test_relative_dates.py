"""Relative dates resolved against the report's date."""

import datetime as dt

from service.text.phrases import words_of
from service.text.relative_dates import relative_searches

REPORTED = dt.date(2024, 10, 18)  # a Friday


def found(
    text: str, reported: dt.date | None = REPORTED
) -> list[tuple[str, str | None, str | None]]:
    mentions = []
    for pattern, finder, windows in relative_searches(words_of(text)):
        for low, high in windows:
            for match in pattern.finditer(text, low, high):
                mention = finder(text, match, reported)
                if mention is not None:
                    mentions.append((mention.text, mention.start, mention.end))
    return mentions


def test_days_counted_back_from_the_report() -> None:
    assert found("Troops left yesterday.") == [("yesterday", "2024-10-17", "2024-10-17")]
    assert found("Engineers arrived two weeks ago.") == [
        ("two weeks ago", "2024-10-04", "2024-10-04")
    ]


def test_last_year_is_the_whole_previous_calendar_year() -> None:
    assert found("Prices rose last year.") == [("last year", "2023-01-01", "2023-12-31")]


def test_the_past_years_run_up_to_the_report() -> None:
    assert found("Over the past two years, 40 ships docked.") == [
        ("Over the past two years", "2022-10-18", "2024-10-18")
    ]


def test_a_weekday_is_the_nearest_such_day_not_after_the_report() -> None:
    assert found("They met on Friday.") == [("Friday", "2024-10-18", "2024-10-18")]
    assert found("They met on Monday.") == [("Monday", "2024-10-14", "2024-10-14")]


def test_a_sentence_without_relative_words_has_no_relative_date() -> None:
    assert found("North Korea sent 10,000 troops to Russia.") == []
