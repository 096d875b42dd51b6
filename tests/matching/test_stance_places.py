"""Places: the same thing done by the same subject somewhere else conflicts (rules.places)."""

from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse


def judged(statement: str, claim: str) -> StanceResult:
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=70)


def test_the_same_landfall_at_another_point_conflicts() -> None:
    result = judged(
        "Typhoon Kalani made landfall near Aparri, Cagayan.",
        "Typhoon Kalani made landfall near Baler, Aurora, early on Monday.",
    )
    assert result.stance == "conflicts"
    (found,) = [r for r in result.reasons if r.kind == "place"]
    assert found.message == (
        "place: statement says near Aparri, Cagayan, report says near Baler, Aurora"
    )


def test_in_without_a_region_may_be_a_place_inside_another() -> None:
    result = judged(
        "The Velmar Orchestra performed in Harl.",
        "The Velmar Orchestra performed in Tolan County on Friday.",
    )
    assert not [r for r in result.reasons if r.kind == "place"]


def test_another_subject_or_verb_is_no_place_conflict() -> None:
    verb = judged(
        "Typhoon Kalani made landfall near Aparri, Cagayan.",
        "Typhoon Kalani weakened near Baler, Aurora, early on Monday.",
    )
    assert not [r for r in verb.reasons if r.kind == "place"]
    named = judged(
        "Typhoon Kalani made landfall near Aparri, Cagayan.",
        "Typhoon Kalani made landfall near Aparri, Cagayan, and then near Baler, Aurora.",
    )
    assert not [r for r in named.reasons if r.kind == "place"]
