"""Timeline pieces: which figure a statement follows, and which figures a report calls earlier."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.analysis import Quantity
from service.matching.timeline import followed_figure, given_as_earlier
from service.text.analyse import analyse


def quantity(text: str, figure: str) -> Quantity:
    return next(q for q in analyse(text).quantities if q.text.startswith(figure))


def test_the_followed_figure_is_the_first_that_says_what_it_counts() -> None:
    followed = followed_figure(analyse("In 2021 the city hired 300 teachers and 40 nurses."))

    assert followed is not None
    assert (followed.value, followed.unit) == (300, "teacher")


def test_a_statement_without_a_counted_figure_follows_none() -> None:
    assert followed_figure(analyse("Parliament passed the law.")) is None


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Officials raised the toll to 52 deaths from an earlier estimate of 31.", "31"),
        ("The ministry counts 4,200 nurses, up from 2,900 nurses in May.", "2,900"),
        ("It had previously reported 800 arrests.", "800"),
    ],
)
def test_a_figure_the_report_calls_earlier_is_marked(text: str, figure: str) -> None:
    assert given_as_earlier(text, quantity(text, figure))


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Officials raised the toll to 52 deaths from an earlier estimate of 31.", "52"),
        (
            "Previous reports from October of last year said that over 900 workers had left.",
            "over 900",
        ),
        ("The ministry counts 4,200 nurses, up from 2,900 nurses in May.", "4,200"),
    ],
)
def test_a_current_figure_is_not_marked_earlier(text: str, figure: str) -> None:
    assert not given_as_earlier(text, quantity(text, figure))


@given(st.integers(min_value=2, max_value=999_999), st.sampled_from(["ships", "tanks", "doctors"]))
def test_the_cue_must_stand_just_before_the_figure(count: int, unit: str) -> None:
    text = f"An earlier plan was dropped, and the agency said {count:,} {unit} are now ready."
    assert not given_as_earlier(text, quantity(text, f"{count:,}"))
