"""Referents: a figure about one storm, budget or company says nothing about another."""

from schemas.analysis import Analysis
from service.matching.rules.pair import Pair
from service.matching.rules.referents import referent_reasons
from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse


def judged(statement: str, claim: str, title: str = "") -> StanceResult:
    return judge(
        statement, analyse(statement), claim, analyse(claim), relevance=80, claim_title=title
    )


def test_the_same_figure_for_another_storm_is_not_support() -> None:
    result = judged(
        "Typhoon Kalani killed 12 people in the Philippines.",
        "Typhoon Merrow killed 12 people in Taiwan, officials said.",
    )
    assert result.stance == "related"
    (found,) = [r for r in result.reasons if r.kind == "referent"]
    assert "Typhoon Merrow" in found.message
    assert "Typhoon Kalani" in found.message


def test_another_company_with_the_same_figure_is_not_support() -> None:
    result = judged(
        "Brightwell's quarterly dividend rose 10 percent.",
        "Ostrava Foods raised its quarterly dividend by 10 percent.",
    )
    assert result.stance == "related"


def test_the_same_referent_by_a_shorter_name_still_counts() -> None:
    result = judged(
        "Brightwell cut 400 jobs in March.",
        "Brightwell Retail Group cut 400 jobs in March, the company said.",
    )
    assert result.stance == "supports"


def test_a_sentence_naming_nothing_is_about_its_report_title() -> None:
    statement = "Typhoon Kalani killed 12 people."
    claim = "The storm killed 12 people, officials said."
    assert judged(statement, claim, title="Typhoon Kalani batters Luzon").stance == "supports"
    other = judged(statement, claim, title="Typhoon Merrow batters Taiwan")
    assert other.stance == "related"


def test_a_pronoun_subject_is_no_referent_of_its_own() -> None:
    pair = Pair(
        "Velmara's turnout was 61 percent.",
        analyse("Velmara's turnout was 61 percent."),
        "It said turnout was 61 percent in Rovna Province.",
        Analysis(),
    )
    assert referent_reasons(pair) == []
