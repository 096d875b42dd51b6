"""Negation and hedge cues, and whether the main clause is negated."""

import pytest

from service.text.analyse import analyse
from service.text.polarity import find_hedges, find_negations, negates_main_clause


def negated(text: str) -> bool:
    return negates_main_clause(text, find_negations(text))


@pytest.mark.parametrize(
    "text",
    [
        "Russian uniforms have not been issued to the troops.",
        "There have been no confirmed reports of such a trip.",
        "The regime hasn't imposed restrictions.",
        "North Korea denied sending troops.",
        "Pyongyang refused to confirm the deployment.",
        "The NIS has yet to confirm the figure.",
        "Russia never asked for troops.",
    ],
)
def test_negated_claims(text: str) -> None:
    assert negated(text)


@pytest.mark.parametrize(
    "text",
    [
        "Russian uniforms have been issued to the troops.",
        "There have been confirmed reports of such a trip.",
        "This signals not only a new chapter but also concern.",
        "The battalion has no more than 3,000 soldiers.",
        "The regime allowed unrestricted mobile phone use.",
        "Speculation arose about a visit, although there have been no confirmed reports.",
    ],
)
def test_claims_that_are_not_negated(text: str) -> None:
    assert not negated(text)


def test_negation_spans_match_the_text() -> None:
    text = "They have not and won't."
    cues = find_negations(text)
    assert [c.text for c in cues] == ["not", "n't"]
    assert all(text[c.span.start : c.span.end] == c.text for c in cues)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("50,000 soldiers may be dispatched", "may"),
        ("Troops are reportedly being prepared", "reportedly"),
        ("He is expected to meet Kim", "is expected to"),
        ("speculation has arisen about a visit", "speculation"),
        ("rumors about the assignments circulate", "rumors"),
        ("It is believed to be linked", "is believed to"),
        ("the location remains unconfirmed", "unconfirmed"),
    ],
)
def test_hedge_cues(text: str, cue: str) -> None:
    assert [h.text for h in find_hedges(text)] == [cue]


def test_plain_assertions_have_no_hedge() -> None:
    assert find_hedges("North Korea sent 1,500 soldiers to Russia.") == []


def test_skipped_spans_hide_the_month_may() -> None:
    text = "It happened in May."
    assert find_hedges(text, skip=[(15, 18)]) == []


def test_an_anonymous_source_is_no_negation() -> None:
    # "who asked not to be named" is about who speaks, not about the fact.
    text = "The port will close for a week, said an official who asked not to be named."
    assert not analyse(text).negated
    assert analyse("The port will not close, an official said.").negated
