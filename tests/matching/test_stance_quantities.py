"""Figures are compared by unit noun and qualifier interval (rules.quantities, rules.intervals)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.analysis import Analysis, Qualifier, Quantity, Span
from service.matching.rules import Pair
from service.matching.rules.intervals import Interval, compatible, interval
from service.matching.rules.quantities import quantity_reasons
from service.matching.stance import StanceResult, judge
from service.matching.units import Alignment, align
from service.text.analyse import analyse


def figure(
    sentence: str, text: str, value: float, unit: str, qualifier: Qualifier = "exact"
) -> Quantity:
    start = sentence.index(text)
    noun = text.rsplit(" ", 1)[-1]
    return Quantity(
        text=text,
        value=value,
        span=Span(start, start + len(text)),
        unit=unit,
        unit_text=noun if unit else "",
        qualifier=qualifier,
    )


def bare(value: float, qualifier: Qualifier = "exact", text: str = "") -> Quantity:
    return Quantity(text=text or f"{value:g}", value=value, span=Span(0, 1), qualifier=qualifier)


def pair(statement: str, s_figures: list[Quantity], claim: str, c_figures: list[Quantity]) -> Pair:
    return Pair(statement, Analysis(quantities=s_figures), claim, Analysis(quantities=c_figures))


def test_about_is_an_interval_of_ten_percent() -> None:
    assert interval(bare(10_000, "about")) == Interval(9_000, 11_000)


def test_over_excludes_its_bound() -> None:
    assert not compatible(bare(4_000, "over"), bare(4_000))
    assert compatible(bare(4_000, "over"), bare(4_001))


def test_at_least_and_up_to_include_their_bound() -> None:
    assert compatible(bare(4_000, "at_least"), bare(4_000))
    assert compatible(bare(3_000, "up_to"), bare(3_000))
    assert not compatible(bare(3_000, "up_to"), bare(3_001))


def test_fewer_than_500_and_over_4000_are_disjoint() -> None:
    assert not compatible(bare(500, "under"), bare(4_000, "over"))


def test_between_covers_its_range() -> None:
    between = Quantity(
        text="between 5,000 and 7,000",
        value=5_000,
        value_high=7_000,
        span=Span(0, 1),
        qualifier="between",
    )
    assert compatible(between, bare(6_500))
    assert not compatible(between, bare(7_500))


def test_a_scaled_figure_stands_for_what_rounds_to_it() -> None:
    assert compatible(bare(1_500, text="1.5k"), bare(1_500, text="1,500"))
    assert compatible(bare(1_280_000, text="1.28 million"), bare(1_280_000, text="1,280,000"))
    assert compatible(bare(12_000_000, text="12 million"), bare(12_400_000, text="12.4 million"))
    assert not compatible(
        bare(12_000_000, text="12 million"), bare(12_600_000, text="12.6 million")
    )


def test_plain_integers_are_taken_at_their_word() -> None:
    assert not compatible(bare(10_000, text="10,000"), bare(10_001, text="10,001"))
    assert not compatible(bare(10_000, text="10 000"), bare(10_400, text="10,400"))


def test_more_than_23_million_meets_under_23_5_million() -> None:
    assert compatible(
        bare(23e6, "over", "more than 23 million"), bare(23.5e6, "under", "23.5 million")
    )
    assert not compatible(
        bare(24e6, "over", "more than 24 million"), bare(23.5e6, "under", "23.5 million")
    )


@given(
    st.floats(min_value=1, max_value=1e9, allow_nan=False),
    st.sampled_from(["exact", "about", "over", "under", "at_least", "up_to", "at_most"]),
)
def test_a_figure_is_compatible_with_itself(value: float, qualifier: Qualifier) -> None:
    assert compatible(bare(value, qualifier), bare(value, qualifier))


@given(
    st.floats(min_value=1, max_value=1e9, allow_nan=False),
    st.floats(min_value=1, max_value=1e9, allow_nan=False),
    st.sampled_from(["exact", "about", "over", "under", "at_least", "up_to"]),
    st.sampled_from(["exact", "about", "over", "under", "at_least", "up_to"]),
)
def test_compatibility_is_symmetric(a: float, b: float, qa: Qualifier, qb: Qualifier) -> None:
    assert compatible(bare(a, qa), bare(b, qb)) == compatible(bare(b, qb), bare(a, qa))


def test_distance_is_zero_only_when_intervals_meet() -> None:
    assert Interval(0, 10).distance(Interval(5, math.inf)) == 0
    assert Interval(0, 10).distance(Interval(15, 20)) == 5


def test_troops_soldiers_and_personnel_are_one_group() -> None:
    assert align("troop", "soldier") is Alignment.SAME
    assert align("personnel", "troops") is Alignment.SAME


def test_engineers_sappers_tanks_and_emails_are_not_troops() -> None:
    assert align("engineer", "sapper") is Alignment.DIFFERENT
    assert align("tank", "troop") is Alignment.DIFFERENT
    assert align("email", "troop") is Alignment.DIFFERENT


def test_engineers_lie_within_troops() -> None:
    assert align("engineer", "troop") is Alignment.NESTED


def test_percent_never_compares_with_a_count() -> None:
    assert align("percent", "") is Alignment.DIFFERENT
    assert align("percent", "troop") is Alignment.DIFFERENT


def test_roughly_10000_soldiers_agrees_with_around_10000_troops() -> None:
    s = "North Korea will send roughly 10,000 soldiers."
    c = "The agency says around 10,000 troops will go."
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "roughly 10,000 soldiers", 10_000, "soldier", "about")],
            c,
            [figure(c, "around 10,000 troops", 10_000, "troop", "about")],
        )
    )
    assert [r.effect for r in found] == ["supports"]
    assert found[0].message == (
        "quantity: statement says roughly 10,000 soldiers, report says around 10,000 troops"
    )
    assert found[0].statement_span == Span(s.index("roughly"), s.index("."))


def test_16000_personnel_conflicts_with_about_6000_personnel() -> None:
    s = "The army sends 16,000 personnel."
    c = "The army sends approximately 6,000 personnel."
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "16,000 personnel", 16_000, "personnel")],
            c,
            [figure(c, "approximately 6,000 personnel", 6_000, "personnel", "about")],
        )
    )
    assert [(r.kind, r.effect) for r in found] == [("quantity", "conflicts")]


def test_a_figure_agrees_when_any_figure_of_its_kind_matches() -> None:
    s = "It has 600,000 reservists."
    c = "It has 5.7 million guard reservists and about 600,000 reservists."
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "600,000 reservists", 600_000, "reservist")],
            c,
            [
                figure(c, "5.7 million guard reservists", 5.7e6, "reservist"),
                figure(c, "about 600,000 reservists", 600_000, "reservist", "about"),
            ],
        )
    )
    assert found[0].effect == "supports"
    assert found[0].claim_span == Span(c.index("about 600"), c.rindex("."))


def test_tanks_against_soldiers_is_a_unit_mismatch_not_a_conflict() -> None:
    s = "They deployed over 1,000 tanks."
    c = "They deployed over 1,000 soldiers."
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "over 1,000 tanks", 1_000, "tank", "over")],
            c,
            [figure(c, "over 1,000 soldiers", 1_000, "soldier", "over")],
        )
    )
    assert [(r.kind, r.effect) for r in found] == [("unit", "neutral")]
    assert found[0].message == (
        "unit: statement counts tanks, report counts soldiers (not comparable)"
    )


def test_a_part_never_conflicts_with_the_whole() -> None:
    s = "They sent 1,000 engineers."
    c = "They sent 10,000 troops."
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "1,000 engineers", 1_000, "engineer")],
            c,
            [figure(c, "10,000 troops", 10_000, "troop")],
        )
    )
    assert [(r.kind, r.effect) for r in found] == [("quantity", "neutral")]


def test_a_figure_the_report_lacks_is_neutral() -> None:
    s = "They sent 1,000 troops."
    found = quantity_reasons(
        pair(s, [figure(s, "1,000 troops", 1_000, "troop")], "They sent troops.", [])
    )
    assert [(r.kind, r.effect) for r in found] == [("quantity", "neutral")]


def test_bare_figures_compare_only_when_their_context_is_shared() -> None:
    s = "Germany has under 30 active cases"
    c_same = "there are 28 active cases"
    c_other = "the lockdown lasted 28 days"
    s_fig = figure(s, "under 30", 30, "", "under")
    same = quantity_reasons(pair(s, [s_fig], c_same, [figure(c_same, "28", 28, "")]))
    other = quantity_reasons(pair(s, [s_fig], c_other, [figure(c_other, "28", 28, "")]))
    assert [r.effect for r in same] == ["supports"]
    assert [r.effect for r in other] == ["neutral"]


def test_a_bare_figure_conflicts_on_shared_context() -> None:
    s = "Morocco had more than 62 confirmed cases"
    c = "the confirmed total reached 61"
    found = quantity_reasons(
        pair(s, [figure(s, "more than 62", 62, "", "over")], c, [figure(c, "61", 61, "")])
    )
    assert [r.effect for r in found] == ["conflicts"]


def test_figures_pair_one_to_one_so_a_taken_figure_cannot_vouch_twice() -> None:
    s = "More than 27 of the 33 coronavirus cases were imported"
    c = "the total of coronavirus cases is 33 , of which 24 were imported"
    found = quantity_reasons(
        pair(
            s,
            [
                figure(s, "More than 27", 27, "", "over"),
                figure(s, "33 coronavirus cases", 33, "case"),
            ],
            c,
            [figure(c, "33", 33, ""), figure(c, "24", 24, "")],
        )
    )
    assert [r.effect for r in found] == ["conflicts", "supports"]
    assert found[0].message == "quantity: statement says More than 27, report says 24"


def test_a_unit_borrowed_from_a_neighbour_needs_shared_context() -> None:
    s = "He signed a five-year deal worth more than $ 16.7 million"
    c = "The club paid $ 5 million in fees"
    five = Quantity(
        text="five", value=5, span=Span(s.index("five"), s.index("five") + 4), unit="usd"
    )
    found = quantity_reasons(pair(s, [five], c, [figure(c, "$ 5 million", 5e6, "usd")]))
    assert [r.effect for r in found] == ["neutral"]


def test_rounding_counts_between_exact_figures_only() -> None:
    assert compatible(bare(251e6, text="$251 million"), bare(251.2e6, text="$251.2 million"))
    assert not compatible(
        bare(251.2e6, "over", "more than $251.2 million"), bare(251e6, text="$251 million")
    )


def test_a_bare_year_is_not_a_figure() -> None:
    s = "During the 2020 pandemic there were under 90 cases"
    c = "There were 1,643 confirmed cases"
    year = Quantity(text="2020", value=2020, span=Span(11, 15), unit="case")  # unit borrowed
    found = quantity_reasons(pair(s, [year], c, [figure(c, "1,643 confirmed cases", 1643, "case")]))
    assert found == []


def test_a_guessed_unit_never_conflicts_with_a_far_off_figure() -> None:
    s = "Guardians of the Galaxy Vol. 2 scored 83 % from critics"
    c = "the film holds an approval rating of 83 % from critics"
    vol = Quantity(text="2", value=2, span=Span(s.index("2 "), s.index("2 ") + 1), unit="percent")
    found = quantity_reasons(pair(s, [vol], c, [figure(c, "83 %", 83, "percent")]))
    assert [r.effect for r in found] == ["neutral"]


def test_context_words_compare_by_unit_group() -> None:
    s = "Germany confirmed fewer than 2,200 Covid fatalities"
    c = "112,113 cases were reported with 2,208 deaths"
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "fewer than 2,200", 2200, "", "under")],
            c,
            [figure(c, "112,113 cases", 112_113, "case"), figure(c, "2,208 deaths", 2208, "death")],
        )
    )
    assert [r.effect for r in found] == ["conflicts"]
    assert found[0].message.endswith("report says 2,208 deaths")


def test_the_nearest_written_figure_is_the_one_compared() -> None:
    s = "It grossed less than $258 million worldwide"
    c = "It grossed $142.5 million at home, $115.8 million abroad and $258.4 million in all"
    found = quantity_reasons(
        pair(
            s,
            [figure(s, "less than $258 million", 258e6, "usd", "under")],
            c,
            [
                figure(c, "$142.5 million", 142.5e6, "usd"),
                figure(c, "$115.8 million", 115.8e6, "usd"),
                figure(c, "$258.4 million", 258.4e6, "usd"),
            ],
        )
    )
    assert [r.effect for r in found] == ["conflicts"]


def analysed_pair(statement: str, claim: str) -> Pair:
    from service.text.analyse import analyse

    return Pair(statement, analyse(statement), claim, analyse(claim))


PHASE_CASES = {
    # A figure for one phase against a total, either way round: a part, not a contradiction.
    "the report counts one phase": (
        "North Korea sent around 25,000 troops to Russia.",
        "About 1,500 North Korean soldiers were transported in the first phase.",
        "neutral",
        "the report counts one phase only",
    ),
    "the statement counts one wave": (
        "The second wave brought 3,000 soldiers to Kursk.",
        "North Korea has sent about 11,000 soldiers to Kursk.",
        "neutral",
        "the statement counts one phase only",
    ),
    "different phases": (
        "About 1,500 soldiers were sent in the first batch.",
        "About 3,000 soldiers were sent in the second batch.",
        "neutral",
        "different phases",
    ),
    # The same phase with another figure still conflicts; an agreeing figure still supports.
    "the same phase": (
        "Around 5,000 North Korean soldiers were transported in the first phase.",
        "About 1,500 North Korean soldiers were transported in the first phase.",
        "conflicts",
        None,
    ),
    "an agreeing phase figure": (
        "North Korea sent about 1,500 soldiers.",
        "About 1,500 North Korean soldiers were transported in the first phase.",
        "supports",
        None,
    ),
}


@pytest.mark.parametrize(
    ("statement", "claim", "effect", "says"), PHASE_CASES.values(), ids=PHASE_CASES.keys()
)
def test_a_figure_for_one_phase_compares_only_with_the_same_phase(
    statement: str, claim: str, effect: str, says: str | None
) -> None:
    found = quantity_reasons(analysed_pair(statement, claim))
    assert [(r.kind, r.effect) for r in found] == [("quantity", effect)]
    if says is not None:
        assert says in found[0].message


def judged(statement: str, claim: str) -> StanceResult:
    return judge(statement, analyse(statement), claim, analyse(claim), relevance=70)


def test_units_of_one_dimension_compare_after_conversion() -> None:
    near = judged(
        "The relay covered about 1,400 metres.", "The relay covered 1.4 km, organisers said."
    )
    assert near.stance == "supports"
    far = judged(
        "The rover stopped within 250 metres of the crater.",
        "The rover stopped about 1.4 kilometres from the crater, the agency said.",
    )
    assert [r.effect for r in far.reasons if r.kind == "quantity"] == ["conflicts"]
    # Another dimension still does not compare: hours are no distance.
    other = judged("The relay covered 1,400 metres.", "The relay lasted 1.4 hours.")
    assert not [r for r in other.reasons if r.kind == "quantity" and r.effect != "neutral"]


def test_a_statement_of_the_part_is_borne_out_by_it() -> None:
    statement = "The court upheld 5 charges against the Dellmoor mayor."
    claim = "The court upheld 5 of the 8 charges against the Dellmoor mayor on Monday."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=70)
    assert result.stance == "supports"


def test_what_is_left_later_is_not_the_whole() -> None:
    # 4,100 households lost water; 300 were still without it days later.
    statement = "About 4,100 households in Ardwick lost their water supply after the main burst."
    claim = "Some 300 households in Ardwick were still without water on Friday."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=70)
    assert result.stance == "related"
    assert not any(r.effect == "conflicts" for r in result.reasons)
    # Two residues compare, and so do the cue right before a figure and "even so".
    later = "Some 450 households in Ardwick were still without water on Friday."
    result = judge(claim, analyse(claim), later, analyse(later), relevance=70)
    assert result.stance == "conflicts"
    whole = "About 4,100 households in Ardwick lost water, but still 4,100 households paid in full."
    assert judge(statement, analyse(statement), whole, analyse(whole), relevance=70).stance != (
        "related"
    )


def test_a_bare_figure_is_no_measure() -> None:
    # "stopped 6 times" counts stops; "9 kilometres" measures a distance.
    statement = "The Kelby relay team stopped 6 times before the finish."
    claim = "The Kelby relay team stopped about 9 kilometres before the finish line."
    found = quantity_reasons(Pair(statement, analyse(statement), claim, analyse(claim)))
    assert [r.effect for r in found] == ["neutral"]


def test_a_crowd_counts_the_fans() -> None:
    statement = "About 8,000 fans saw the Harrow Cup final at Lind Park."
    claim = "A crowd of 31,500 at Lind Park saw the Harrow Cup final, decided after 120 minutes."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=60)
    assert result.stance == "conflicts"


def test_customers_of_a_utility_are_the_homes_and_businesses_it_supplies() -> None:
    # Outages are counted by meter: "customers" and "homes and businesses" count one thing.
    claim = "About 64,000 homes and businesses in Tarrow County lost water after the main burst."
    statement = "The burst main cut water to about 64,000 customers in Tarrow County."
    assert judge(statement, analyse(statement), claim, analyse(claim), relevance=60).stance == (
        "supports"
    )
    statement = "The burst main cut water to about 6,000 customers in Tarrow County."
    assert judge(statement, analyse(statement), claim, analyse(claim), relevance=60).stance == (
        "conflicts"
    )


def test_a_plan_over_two_years_is_not_contradicted_by_over_two_years() -> None:
    statement = "The Dunmore trust plans to hire 900 nurses over the next two years."
    claim = "The Dunmore trust will hire 900 nurses over two years, the board said."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=70)
    assert result.stance == "supports"
    assert not any(r.effect == "conflicts" for r in result.reasons)


def test_fully_restored_is_contradicted_by_a_share_restored() -> None:
    statement = "Service on the Kell line had been fully restored by Friday."
    claim = "Service on the Kell line was 60 percent restored on Friday, the operator said."
    result = judge(statement, analyse(statement), claim, analyse(claim), relevance=70)
    assert result.stance == "conflicts"
    assert any("report says 60 percent" in r.message for r in result.reasons)


def test_a_count_meets_the_names_a_report_lists() -> None:
    claim = "Officials ordered residents of Ashby, Brent and Carlow districts to leave their homes."

    def stance(statement: str) -> StanceResult:
        return judge(statement, analyse(statement), claim, analyse(claim), relevance=70)

    assert stance("Residents of three districts were told to leave their homes.").stance == (
        "supports"
    )
    wrong = stance("Residents of five districts were told to leave their homes.")
    assert wrong.stance == "conflicts"
    assert any("report says Ashby, Brent and Carlow districts" in r.message for r in wrong.reasons)
