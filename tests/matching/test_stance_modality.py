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


def test_a_plan_is_weighed_against_what_a_report_expects() -> None:
    # Both sides speak of what is to come: the report's expected month refutes the planned one
    # and its expected figure bears the planned one out.
    claim = "The ferry operator expects to launch the Orkney route in September."
    assert judged("Skerry Lines plans to launch the Orkney route in May.", claim).stance == (
        "conflicts"
    )
    claim = "The utility expects to install about 2,000 charging points next year."
    statement = "Brenlow Power plans to install about 2,000 charging points."
    assert judged(statement, claim).stance == "supports"
    # What has happened is still not borne out or refuted by what is only expected.
    statement = "Skerry Lines launched the Orkney route in May."
    claim = "The ferry operator expects to launch the Orkney route in September."
    assert judged(statement, claim).stance == "related"


def test_a_cue_before_its_own_figure_leaves_the_words_before_it_asserted() -> None:
    # "expects" speaks for the 40 million the levy may bring in, not the levy's rise.
    claim = (
        "The tourist levy will rise to 5 euros from 3 euros in April, a change the city "
        "expects to bring in about 40 million euros a year."
    )
    result = judged("Dalmora will lift its tourist levy from 3 euros to 5 euros.", claim)
    assert not any(r.kind == "modality" for r in result.reasons)
    assert result.stance == "supports"
    # A cue with no figure after it still speaks for its whole clause.
    result = judged("Dalmora has sold its ferry line.", "Dalmora may sell its ferry line.")
    assert result.stance == "related"


def test_the_period_of_another_figure_refutes_nothing() -> None:
    # The third quarter is when the repair costs fall, not when the fares rose.
    claim = "Norrvik Rail expects repair costs of 40 million crowns, mostly in the third quarter."
    result = judged("In the first quarter, Norrvik Rail's fares rose 4 percent.", claim)
    assert any(r.kind == "ordinal" and r.effect == "conflicts" for r in result.reasons)
    assert result.stance == "related"
