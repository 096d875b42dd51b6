"""find_numbers: digits, separators, scale words and suffixes, number words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.text.numbers import find_numbers


def values(text: str) -> list[float]:
    return [m.value for m in find_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("around 10,000 troops", 10_000),
        ("a 10 000-strong force", 10_000),
        ("1,280,000 soldiers", 1_280_000),
        ("1.280.000 soldiers", 1_280_000),
        ("1.28 million active soldiers", 1_280_000),
        ("5.7 million reservists", 5_700_000),
        ("around 1.5k soldiers", 1_500),
        ("1.28m soldiers", 1_280_000),
        ("a $3bn deal", 3_000_000_000),
        ("3 bn dollars", 3_000_000_000),
        ("600,000 reservists", 600_000),
        ("40% of them", 40),
        ("in 2024", 2024),
    ],
)
def test_numbers_in_digits_with_separators_and_scales(text: str, expected: float) -> None:
    assert values(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("some ten thousand troops", 10_000),
        ("a dozen ships", 12),
        ("two dozen ships", 24),
        ("twenty-five tanks", 25),
        ("one hundred and five men", 105),
        ("one and a half thousand men", 1_500),
        ("half a million people", 500_000),
        ("three-quarters of the force", 0.75),
        ("four and a half years", 4.5),
        ("a hundred soldiers", 100),
        ("two hundred thousand people", 200_000),
    ],
)
def test_numbers_in_words(text: str, expected: float) -> None:
    assert values(text) == [expected]


def test_a_single_dot_before_three_digits_is_a_decimal_point() -> None:
    assert values("rose to 10.000 points") == [10.0]


def test_identifiers_ordinals_and_decades_are_not_numbers() -> None:
    assert values("F-16 jets, COVID-19, the 27th, the 1990s, a G7 summit") == []


def test_a_year_after_mid_is_still_a_number() -> None:
    assert values("by mid-2024") == [2024]


def test_a_day_after_a_month_does_not_merge_with_the_next_figure() -> None:
    assert values("on June 4 100 soldiers left") == [4, 100]


def test_no_one_and_one_another_are_pronouns() -> None:
    assert values("no one left; they met one another") == []


def test_vague_plurals_are_left_to_quantities() -> None:
    assert values("tens of thousands and hundreds of people") == []


def test_a_bare_fraction_word_or_ordinal_is_not_a_number() -> None:
    assert values("half of them, the third in nearly three months") == [3]


def test_separate_number_words_are_separate_numbers() -> None:
    assert values("one two three") == [1, 2, 3]


def test_spans_cover_the_number_as_written() -> None:
    text = "Over 1.4 million officials and some ten thousand troops"
    for mention in find_numbers(text):
        assert text[mention.start : mention.end] == mention.text
    assert [m.text for m in find_numbers(text)] == ["1.4 million", "ten thousand"]


def test_attached_units_end_the_number_without_hiding_it() -> None:
    assert values("a 100km front") == [100]


@given(st.integers(min_value=1_000, max_value=999_999_999))
def test_comma_grouped_integers_read_back_exactly(number: int) -> None:
    assert values(f"about {number:,} troops") == [number]


@given(st.integers(min_value=0, max_value=10**9))
def test_plain_integers_read_back_exactly(number: int) -> None:
    assert values(f"x {number} y") == [number]


@given(st.text(max_size=60))
def test_spans_always_match_the_text(text: str) -> None:
    for mention in find_numbers(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start < mention.end
