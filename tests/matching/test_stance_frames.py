"""What a figure counts: its clause decides which figures are compared."""

from service.matching.rules.intervals import compatible
from service.matching.rules.pair import Pair
from service.matching.rules.quantities import figure_anchors
from service.matching.stance import StanceResult, judge
from service.text.analyse import analyse


def judged(statement: str, claim: str) -> StanceResult:
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=80)


CLAIM = "The landslide killed 9 people and injured 14 in the valley, rescuers said."


def test_a_figure_is_compared_with_the_figure_of_the_same_outcome() -> None:
    assert judged("The landslide injured 14 people.", CLAIM).stance == "supports"
    wrong = judged("The landslide injured 9 people.", CLAIM)
    assert wrong.stance == "conflicts"
    assert any("report says 14" in r.message for r in wrong.reasons)


def test_a_figure_of_another_outcome_in_the_sentence_is_not_compared() -> None:
    result = judged("The landslide killed 14 people.", "The landslide injured 14 people.")
    assert result.stance == "related"
    assert any(r.kind == "quantity" and r.effect == "neutral" for r in result.reasons)


def test_percentages_of_different_things_do_not_compare() -> None:
    result = judged(
        "Rail fares in Velmara will rise 9 percent next year.",
        "Bus subsidies will rise 22 percent next year under the transport plan.",
    )
    assert not any(r.kind == "quantity" and r.effect == "conflicts" for r in result.reasons)


def test_more_than_is_a_bit_more_not_any_amount_more() -> None:
    statement = analyse("More than 50,000 households lost power.").quantities[0]
    claim = analyse("More than 5,000 households lost power.").quantities[0]
    close = analyse("More than 52,000 households lost power.").quantities[0]
    assert not compatible(statement, claim)
    assert compatible(statement, close)


def test_a_bare_figure_beside_its_outcome_is_compared_whatever_its_size() -> None:
    result = judged("The landslide injured 9 people.", "The landslide killed 9 and injured 40.")
    assert result.stance == "conflicts"
    assert any("report says 40" in r.message for r in result.reasons)


def test_the_figure_beside_the_statement_outcome_is_preferred() -> None:
    claim = (
        "In the study, headaches were reported by 31 percent of patients and nausea by 3 percent."
    )
    result = judged("Nausea was reported by 30 percent of patients.", claim)
    assert result.stance == "conflicts"
    assert any("report says 3 percent" in r.message for r in result.reasons)


def test_a_figure_in_the_same_words_is_on_topic_whatever_else_differs() -> None:
    result = judge(
        "Rail fares in Velmara are set to climb by roughly 7% under the new timetable.",
        analyse("Rail fares in Velmara are set to climb by roughly 7% under the new timetable."),
        "Rail fares will increase by about 7 percent, the operator said.",
        analyse("Rail fares will increase by about 7 percent, the operator said."),
        relevance=30,
    )
    assert result.stance == "supports"


def test_a_qualifying_clause_belongs_to_the_fact_before_it() -> None:
    result = judged(
        "Brightwell's quarterly sales rose 6 percent.",
        "Brightwell reported quarterly sales of $2.1 billion, up 6 percent from a year earlier.",
    )
    assert result.stance == "supports"


def test_an_ordinal_in_a_clause_about_another_event_is_not_compared() -> None:
    result = judged(
        "Brightwell swung to a $40 million net loss in the second quarter from a profit.",
        "The company expects severance and restructuring costs, mostly in the third quarter.",
    )
    assert not any(r.kind == "ordinal" for r in result.reasons)


def test_figures_of_different_periods_do_not_compare() -> None:
    result = judged(
        "Brightwell forecasts full-year sales of $9 billion.",
        "Brightwell reported first-quarter sales of $2.1 billion on Thursday.",
    )
    assert not any(r.kind == "quantity" and r.effect == "conflicts" for r in result.reasons)


def test_figures_measuring_different_things_do_not_compare() -> None:
    result = judged(
        "Brightwell raised its quarterly dividend by 10 percent.",
        "Brightwell reported quarterly revenue up 2 percent from a year earlier.",
    )
    assert not any(r.kind == "quantity" and r.effect == "conflicts" for r in result.reasons)


def test_what_a_seller_charges_is_its_price() -> None:
    statement = "The Halden museum will charge $25 a ticket for the new wing."
    claim = (
        "The Halden museum said on Monday that the new wing, opened last week, has a "
        "ticket price of $30."
    )
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert result.stance == "conflicts"


def test_what_happened_to_them_decides_before_who_they_are() -> None:
    # Both count firefighters (a class of its own in data/frames.json); one says two died,
    # the other that two were hurt.
    statement = "Two firefighters were killed at the Dunmere paint factory fire."
    claim = "About 60 workers left the Dunmere paint factory, and two firefighters were injured."
    result = judged(statement, claim)
    assert not any(r.kind == "quantity" and r.effect == "supports" for r in result.reasons)
    assert result.stance != "supports"


def test_a_deal_and_a_contract_are_one_thing_counted() -> None:
    # Few words in common ("put pen to paper on a deal" / "signed a contract") and a low
    # search score: only the figure counting the same thing (one unit group in
    # matching/data/units.json) puts the pair on topic.
    statement = (
        "Chef Anja Rusk has put pen to paper on a three-year deal at the Harbour Hotel in Lisbon."
    )
    tail = "contract and will open the hotel's new restaurant in spring."

    def stance(claim: str) -> str:
        return judge(statement, analyse(statement), claim, analyse(claim), relevance=20).stance

    assert stance(f"Rusk, 41, has signed a three-year {tail}") == "supports"
    assert stance(f"Rusk, 41, has signed a two-year {tail}") == "conflicts"


def test_what_a_deal_is_worth_is_what_is_paid_for_it() -> None:
    statement = "The Brightwater takeover deal is worth $4.2 billion."
    assert judged(statement, "Brightwater will pay $4.2 billion for the company.").stance == (
        "supports"
    )
    assert judged(statement, "Brightwater will pay $3.1 billion for the company.").stance == (
        "conflicts"
    )


def test_each_side_is_held_to_its_own_figure() -> None:
    # The figure is the side's whose clause gives it: the union asked for 9 percent, the
    # management offered three (percent, from the sentence).
    claim = "The union had asked for a 9 percent raise, while management offered three."
    assert judged("The union asked for a 9 percent raise.", claim).stance == "supports"
    offered = judged("Management offered a 9 percent raise.", claim)
    assert offered.stance == "conflicts"
    assert any("report says three" in r.message for r in offered.reasons)


def test_another_sides_figure_does_not_compare() -> None:
    result = judged(
        "The defence called 17 witnesses.",
        "Prosecutors plan to call more than 30 witnesses over three weeks.",
    )
    assert not any(r.kind == "quantity" and r.effect != "neutral" for r in result.reasons)
    assert result.stance == "related"


def test_a_party_says_whose_figure_not_what_it_counts() -> None:
    # Both clauses are the government's; one is a growth forecast, the other a bond yield.
    statement = "The Velmaran government expects the economy to grow 2.4% next year."
    claim = "The yield on the 10-year government bond fell to 5.8 percent."
    pair = Pair(statement, analyse(statement), claim, analyse(claim))
    assert not figure_anchors(pair).same_class
    # One side's figure in a unit that says what it counts is the same thing.
    sentence = "The defence sought four, while prosecutors asked for 12 years."
    sides = Pair(
        "His lawyers asked for 12 years.",
        analyse("His lawyers asked for 12 years."),
        sentence,
        analyse(sentence),
    )
    assert figure_anchors(sides).same_words
