"""Modality: asserted, planned or only speculative, clause by clause."""

import pytest

from schemas.analysis import Span
from service.text.modality import clause_modality, modality_at


def at(text: str, word: str) -> str:
    start = text.index(word)
    return modality_at(text, Span(start, start + len(word)))[0]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Turnout could exceed 70 percent, pollsters said.", "70 percent", "speculative"),
        ("The ministry is expected to hire 300 nurses.", "300 nurses", "speculative"),
        ("Fares will rise 4 percent from March.", "4 percent", "planned"),
        ("The council plans to plant 2,000 trees.", "2,000 trees", "planned"),
        ("The river rose 3 metres overnight.", "3 metres", "asserted"),
        ("Losses may reach $5m if the strike goes on.", "$5m", "speculative"),
    ],
)
def test_each_clause_has_its_modality(text: str, word: str, expected: str) -> None:
    assert at(text, word) == expected


def test_a_cue_speaks_for_its_own_clause_only() -> None:
    text = "Crews restored 90 percent of lines, but some villages could stay dark for 5 days."
    assert at(text, "90 percent") == "asserted"
    assert at(text, "5 days") == "speculative"


def test_the_month_may_is_no_modal() -> None:
    text = "The bridge opened on 15 May 2021 with 4 lanes."
    assert at(text, "4 lanes") == "asserted"


def test_to_be_done_is_not_yet_done() -> None:
    text = "A summit where 3,000 troops are to be deployed to the border."
    assert at(text, "3,000 troops") == "speculative"


def test_a_cue_followed_by_a_figure_is_a_noun_and_to() -> None:
    # "raised its forecast to $4 billion" reports the new forecast; "is forecast to rise" only
    # says it may happen.
    text = "Dornier Rail raised its forecast to $4 billion."
    assert clause_modality(text).whole(Span(0, len(text)))[0] == "asserted"
    text = "Dornier Rail's sales are forecast to rise."
    assert clause_modality(text).whole(Span(0, len(text)))[0] == "speculative"
