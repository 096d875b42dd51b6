"""A report that something may happen neither bears out nor refutes that it happened."""

from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse


def judged(statement: str, claim: str) -> StanceResult:
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=80)


def test_a_possible_sale_does_not_support_a_completed_one() -> None:
    claim = "Brightwell's chief executive said the company may sell its bakery chain."
    result = judged("Brightwell has sold its bakery chain.", claim)
    assert result.stance == "related"
    assert any(r.kind == "modality" and '"may"' in r.message for r in result.reasons)


def test_a_forecast_supports_a_forecast() -> None:
    claim = "Forecasters said up to 8 inches of snow could fall on Velmara by Sunday."
    result = judged("Up to 8 inches of snow could fall on Velmara.", claim)
    assert result.stance == "supports"


def test_a_plan_is_compared_like_a_fact() -> None:
    claim = "The council will close 14 libraries next year, the mayor said."
    assert judged("The council is closing 14 libraries.", claim).stance == "supports"
    assert judged("The council is closing 40 libraries.", claim).stance == "conflicts"
