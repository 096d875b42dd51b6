"""Negation and antonyms flip what a sentence says (rules.polarity)."""

from schemas.analysis import Analysis, Cue, Span
from service.matching.rules import Pair
from service.matching.rules.polarity import antonym_reasons, negation_reasons, polarity_reasons
from service.matching.stance import judge
from service.text.analyse import analyse


def negated(text: str, cue: str) -> Analysis:
    start = text.index(cue)
    return Analysis(negations=[Cue(cue, Span(start, start + len(cue)))], negated=True)


def test_a_denial_of_what_the_report_asserts_conflicts() -> None:
    s = "The NIS said that no North Korean soldiers are training in Russia."
    c = "Lawmakers said 10,000 North Korean soldiers are training in eastern Russia."
    found = negation_reasons(Pair(s, negated(s, "no"), c, Analysis()))
    assert [(r.kind, r.effect) for r in found] == [("negation", "conflicts")]
    assert found[0].message == (
        "negation: the statement denies what the report asserts "
        '("no North Korean soldiers are training in Russia")'
    )
    assert found[0].statement_span == Span(s.index("no "), s.index("no ") + 2)


def test_the_report_denying_the_statement_conflicts() -> None:
    s = "Visas have been issued to the workers."
    c = "Visas have not been issued to the workers."
    found = negation_reasons(Pair(s, Analysis(), c, negated(c, "not")))
    assert found[0].message.startswith("negation: the report denies what the statement asserts")
    assert found[0].claim_span == Span(c.index("not"), c.index("not") + 3)


def test_a_negation_of_something_else_does_not_conflict() -> None:
    s = "The film grossed more than $514 million worldwide."
    c = "The film grossed $514 million worldwide, the best film not made by Illumination."
    assert negation_reasons(Pair(s, Analysis(), c, negated(c, "not"))) == []


def test_both_negated_is_agreement() -> None:
    s, c = "No visas were issued.", "Visas were not issued."
    assert negation_reasons(Pair(s, negated(s, "No"), c, negated(c, "not"))) == []


def test_allowed_against_restricted_is_an_antonym() -> None:
    s = "The regime allowed unrestricted mobile phone use for troops."
    c = "The regime imposed restrictions on mobile phone use for troops."
    found = antonym_reasons(Pair(s, Analysis(), c, Analysis()))
    assert [(r.kind, r.effect) for r in found] == [("antonym", "conflicts")]
    assert found[0].message == "antonym: statement says allowed, report says restrictions"


def test_restricted_agrees_with_restrictions() -> None:
    s = "The regime restricted mobile phone use."
    c = "The regime imposed restrictions on mobile phone use."
    assert antonym_reasons(Pair(s, Analysis(), c, Analysis())) == []


def test_a_side_using_both_words_fires_nothing() -> None:
    s = "Exports rose while imports fell."
    c = "Exports fell."
    assert antonym_reasons(Pair(s, Analysis(), c, Analysis())) == []


def test_eastern_against_western_conflicts() -> None:
    s = "Troops are training in eastern Russia."
    c = "Troops are training in western Russia."
    assert [r.kind for r in antonym_reasons(Pair(s, Analysis(), c, Analysis()))] == ["antonym"]


def test_north_and_south_korea_are_left_to_the_actor_rule() -> None:
    s = "South Korea is sending troops."
    c = "North Korea is sending troops."
    assert antonym_reasons(Pair(s, Analysis(), c, Analysis())) == []


def test_a_negated_antonym_says_the_same_thing() -> None:
    s = "The regime did not restrict phone use."
    c = "The regime allowed phone use."
    (found,) = polarity_reasons(Pair(s, negated(s, "not"), c, Analysis()))
    assert (found.kind, found.effect) == ("polarity", "supports")
    assert found.message == 'polarity: "not restrict phone use" and "allowed" say the same thing'


def test_opposite_words_in_clauses_about_different_things_oppose_nothing() -> None:
    from service.matching.stance import judge
    from service.text.analyse import analyse

    statement = "Velmara will lift the fuel levy on imported diesel at the start of next year."
    claim = "Velmara's parliament approved the budget on Thursday, ending weeks of debate."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=80)
    assert not any(r.kind == "antonym" for r in result.reasons)


def test_a_denial_of_the_opposite_supports() -> None:
    from service.matching.stance import judge
    from service.text.analyse import analyse

    statement = "The Rovna dam held during the spring floods."
    claim = "The spring floods did not breach the Rovna dam, engineers said."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=50)
    assert result.stance == "supports"
    assert any(r.kind == "polarity" and r.effect == "supports" for r in result.reasons)
    shut = "The Rovna dam was breached during the spring floods."
    assert judge(shut, analyse(shut), claim, analyse(claim), relevance=50).stance == "conflicts"


def test_compass_words_oppose_in_lower_case_only() -> None:
    coast = judge(
        "The storm flooded the north coast of Vellmar.",
        analyse("The storm flooded the north coast of Vellmar."),
        "The storm flooded the south coast of Vellmar, officials said.",
        analyse("The storm flooded the south coast of Vellmar, officials said."),
        relevance=80,
    )
    assert coast.stance == "conflicts"
    assert [r.kind for r in coast.reasons if r.effect == "conflicts"] == ["antonym"]
    # Capitalised, they name places: North Dakota is no opposite of South Dakota's governor.
    named = judge(
        "North Dakota raised its fuel tax by 3 cents.",
        analyse("North Dakota raised its fuel tax by 3 cents."),
        "South Dakota raised its fuel tax by 3 cents in July.",
        analyse("South Dakota raised its fuel tax by 3 cents in July."),
        relevance=80,
    )
    assert not [r for r in named.reasons if r.kind == "antonym"]


def test_no_with_a_noun_denies_that_noun_only() -> None:
    # "No arrests ... the protest": a report on the protest that never mentions arrests is not
    # contradicted by it.
    statement = "No arrests linked to the Velgrad protest were made on Sunday."
    claim = "Some 20,000 people joined the Velgrad protest on Sunday, organisers said."
    found = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert not [r for r in found.reasons if r.kind == "negation"]
    denied = "Police made arrests after the Velgrad protest on Sunday."
    found = judge(statement, analyse(statement), denied, analyse(denied), relevance=60)
    assert [r.kind for r in found.reasons if r.effect == "conflicts"] == ["negation"]


def test_a_light_verb_shared_is_no_denial() -> None:
    # "not to take the stand" denies the stand, not every "taking".
    statement = "The mayor chose not to take the stand at the Orrin inquiry."
    claim = "The mayor was accused of taking bribes from a builder, the Courier reported."
    found = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert not [r for r in found.reasons if r.kind == "negation"]


def test_a_denial_bears_only_on_what_it_denies() -> None:
    # "is not part of the plan" denies being part of it, nothing that "approved the plan" says.
    statement = "The tram extension is not part of Velgrad's 2027 transport plan."
    claim = "Velgrad's council approved the 2027 transport plan on Thursday."
    found = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert not [r for r in found.reasons if r.kind == "negation"]
    # "No lifeguards were injured" denies injuries, not that 40 lifeguards were on duty.
    statement = "Some 40 lifeguards were on duty at Harl beach on Sunday."
    claim = "No lifeguards were injured at Harl beach on Sunday."
    found = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert not [r for r in found.reasons if r.kind == "negation"]
    # A verb of the same class is the same denial: "did not shut" against "closed".
    statement = "Brightwell closed its Leeds depot in May."
    claim = "Brightwell did not shut its Leeds depot in May, the company said."
    found = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert [r.kind for r in found.reasons if r.effect == "conflicts"] == ["negation"]


def test_not_saying_denies_nothing() -> None:
    statement = "Brightwell is closing 30 stores."
    claim = "Brightwell has not said how many stores it will close this year."
    found = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert not [r for r in found.reasons if r.kind == "negation"]
    denied = "Brightwell is not closing any stores, the company said."
    found = judge(statement, analyse(statement), denied, analyse(denied), relevance=60)
    assert [r.kind for r in found.reasons if r.effect == "conflicts"] == ["negation"]


def judged(statement: str, claim: str) -> str:
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=70).stance


def test_words_of_direction_oppose_whatever_verb_tells_it() -> None:
    # The figure agrees; the direction does not.
    assert (
        judged(
            "Brannock Airways shares jumped 12 percent on Monday.",
            "Brannock Airways shares tumbled 12 percent on Monday.",
        )
        == "conflicts"
    )
    assert (
        judged(
            "The port authority raised its cargo forecast for the year.",
            "The port authority cut its cargo forecast for the year.",
        )
        == "conflicts"
    )
    assert (
        judged(
            "The port authority raised its cargo forecast for the year.",
            "The port authority boosted its cargo forecast for the year.",
        )
        != "conflicts"
    )


def test_a_word_heading_a_time_opposes_no_event() -> None:
    # "the end of the season" is a time; "began" is what the league did.
    s = "The Ostvald league will expand to 14 teams at the end of the season."
    c = "The Ostvald league began talks on expanding to 14 teams, officials said."
    assert [
        r for r in antonym_reasons(Pair(s, analyse(s), c, analyse(c))) if r.kind == "antonym"
    ] == []
    # The same words as the event's own verbs still oppose.
    s = "The Ostvald league season will end in May."
    c = "The Ostvald league season will begin in May."
    assert [r.kind for r in antonym_reasons(Pair(s, analyse(s), c, analyse(c)))] == ["antonym"]


def test_never_before_tells_the_past_not_a_denial() -> None:
    # The museum had never lent a painting abroad before this loan: no denial of the loan.
    s = "The Kessling museum lent its Vermeer to a gallery in Osaka."
    c = "The Kessling museum has never before lent a painting to a gallery in Osaka."
    analysis = analyse(c)
    assert not analysis.negated
    assert judged(s, c) != "conflicts"
