"""Roles: "A beat B" against a report of "B beat A" is a conflict (rules.roles)."""

from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse


def judged(statement: str, claim: str) -> StanceResult:
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=80)


def test_a_swapped_winner_conflicts() -> None:
    result = judged(
        "Harwick Rovers beat Tallon City 3-1 on Sunday.",
        "Tallon City beat Harwick Rovers 3-1 on Sunday in front of 9,000 fans.",
    )
    assert result.stance == "conflicts"
    (found,) = [r for r in result.reasons if r.kind == "roles"]
    assert found.message == (
        "roles: the statement says Harwick Rovers beat Tallon City; "
        "the report says Tallon City beat Harwick Rovers"
    )


def test_any_transitive_verb_swaps() -> None:
    result = judged(
        "Veltra Bank sued Orrin Capital over the failed merger.",
        "Orrin Capital sued Veltra Bank over the failed merger, court filings show.",
    )
    assert result.stance == "conflicts"


def test_the_same_roles_do_not_conflict() -> None:
    result = judged(
        "Tallon City beat Harwick Rovers 3-1.",
        "Tallon City beat Harwick Rovers 3-1 on Sunday.",
    )
    assert not [r for r in result.reasons if r.kind == "roles"]
    assert result.stance == "supports"


def test_a_verb_that_holds_both_ways_never_swaps() -> None:
    result = judged(
        "Premier Ostrander met Chancellor Vell in Geneva.",
        "Chancellor Vell met Premier Ostrander in Geneva on Tuesday.",
    )
    assert not [r for r in result.reasons if r.kind == "roles"]


def test_names_joined_by_a_preposition_are_no_roles() -> None:
    result = judged(
        "Harwick Rovers played in Tallon City on Sunday.",
        "Tallon City and Harwick Rovers drew 1-1 on Sunday.",
    )
    assert not [r for r in result.reasons if r.kind == "roles"]


def test_verbs_of_one_event_class_swap_together() -> None:
    # "launched" and "lifted" are one event in data/predicates.json.
    result = judged(
        "Norvik launched Astera into orbit.",
        "Astera lifted Norvik into orbit on Friday.",
    )
    assert [r.kind for r in result.reasons if r.kind == "roles"] == ["roles"]
