"""A fact-checker's rating turns a restated claim into evidence, and the reason names them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.check import Reason
from schemas.claims import Rating
from service.matching.ratings import apply_rating, finding, rating_message
from service.matching.stance import StanceLabel, StanceResult

QUANTITY = Reason(kind="quantity", effect="supports", message="quantity: both say 300 tanks")


def rated(
    name: str, *, value: float | None = None, best: float | None = None, worst: float | None = None
) -> Rating:
    return Rating(
        reviewer="PolitiFact",
        name=name,
        value=value,
        best=best,
        worst=worst,
        reviewed_at="2024-03-02",
    )


def judged(stance: StanceLabel) -> StanceResult:
    return StanceResult(stance=stance, hedged=False, reasons=[QUANTITY])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("False", "false"),
        ("Pants on Fire!", "false"),
        ("Mostly False", "false"),
        ("Four Pinocchios", "false"),
        ("Not true", "false"),
        ("Half True", "mixed"),
        ("Partly false", "mixed"),
        ("True, but misleading", "mixed"),
        ("Missing context", "mixed"),
        ("TRUE", "true"),
        ("Mostly True", "true"),
    ],
)
def test_the_reviewers_own_words_say_what_the_rating_finds(name: str, expected: str) -> None:
    assert finding(rated(name)) == expected


def test_an_unknown_name_falls_back_to_the_rating_scale() -> None:
    assert finding(rated("Wrongly attributed to Lincoln?", value=1, best=5, worst=1)) == "false"
    assert finding(rated("Spot on", value=9, best=10, worst=0)) == "true"
    assert finding(rated("Somewhat", value=3, best=5, worst=1)) == "mixed"
    assert finding(rated("Somewhat")) == "unknown"


def test_the_schema_org_default_scale_is_one_to_five() -> None:
    assert finding(rated("Rating 1", value=1)) == "false"
    assert finding(rated("Rating 5", value=5)) == "true"


def test_the_reason_says_who_rated_the_claim_how_and_when() -> None:
    assert (
        rating_message(rated("False")) == "rating: PolitiFact rated this claim False on 2024-03-02"
    )
    undated = Rating(reviewer="Full Fact", name="Incorrect")
    assert rating_message(undated) == "rating: Full Fact rated this claim Incorrect"


def test_restating_a_claim_rated_false_is_conflicting_evidence() -> None:
    result = apply_rating(judged("supports"), rated("False"))

    assert result.stance == "conflicts"
    assert result.reasons[0] == Reason(
        kind="rating",
        effect="conflicts",
        message="rating: PolitiFact rated this claim False on 2024-03-02",
    )
    assert result.reasons[1:] == [QUANTITY]


def test_restating_a_claim_rated_true_is_support() -> None:
    result = apply_rating(judged("supports"), rated("Mostly True"))

    assert result.stance == "supports"
    assert result.reasons[0].effect == "supports"


def test_restating_a_half_true_claim_is_neither_support_nor_conflict() -> None:
    result = apply_rating(judged("supports"), rated("Half True"))

    assert result.stance == "related"
    assert result.reasons[0].effect == "neutral"


def test_contradicting_a_claim_rated_false_is_no_evidence_against_the_statement() -> None:
    result = apply_rating(judged("conflicts"), rated("False"))

    assert result.stance == "related"
    assert result.reasons[0].effect == "neutral"
    assert "says nothing against the statement" in result.reasons[0].message


def test_contradicting_a_claim_rated_true_stays_a_conflict() -> None:
    assert apply_rating(judged("conflicts"), rated("True")).stance == "conflicts"


def test_an_unrated_claim_is_judged_as_before() -> None:
    before = judged("supports")
    assert apply_rating(before, None) is before


@given(
    stance=st.sampled_from(["supports", "conflicts", "related"]),
    name=st.text(min_size=1, max_size=30),
    value=st.none() | st.floats(min_value=0, max_value=10),
)
def test_a_rating_always_adds_one_reason_first_and_keeps_the_others(
    stance: StanceLabel, name: str, value: float | None
) -> None:
    rating = Rating(reviewer="Snopes", name=name, value=value, best=10, worst=0)

    result = apply_rating(judged(stance), rating)

    assert result.reasons[0].kind == "rating"
    assert result.reasons[0].message.startswith(f"rating: Snopes rated this claim {name}")
    assert result.reasons[1:] == [QUANTITY]
    assert result.stance in {stance, "related", "conflicts"}
