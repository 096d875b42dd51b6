"""find_quantities: figure, unit noun, qualifier interval, ranges and vague amounts."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.analysis import Quantity
from service.text.quantities import find_quantities

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def test_about_10000_is_an_interval_of_ten_percent() -> None:
    q = only("The NIS says North Korea will send around 10,000 troops to Russia.")
    assert (q.value, q.unit, q.qualifier, q.low, q.high) == (
        10_000,
        "troop",
        "about",
        9_000,
        11_000,
    )
    assert q.text == "around 10,000 troops"


@pytest.mark.parametrize(
    ("phrase", "qualifier", "low", "high"),
    [
        ("over 4,000", "over", 4_000, None),
        ("more than 4,000", "over", 4_000, None),
        ("fewer than 4,000", "under", None, 4_000),
        ("up to 4,000", "up_to", None, 4_000),
        ("as many as 4,000", "up_to", None, 4_000),
        ("at least 4,000", "at_least", 4_000, None),
        ("at most 4,000", "at_most", None, 4_000),
        ("nearly 4,000", "about", 3_600, 4_000),
        ("some 4,000", "about", 3_600, 4_400),
        ("4,000", "exact", 4_000, 4_000),
        ("4,000 or more", "at_least", 4_000, None),
    ],
)
def test_qualifiers_set_the_interval(
    phrase: str, qualifier: str, low: float | None, high: float | None
) -> None:
    q = only(f"They lost {phrase} soldiers.")
    assert (q.qualifier, q.low, q.high, q.unit) == (qualifier, low, high, "soldier")


def test_between_and_dash_ranges_carry_both_figures() -> None:
    q = only("between 5 and 6 million people")
    assert (q.qualifier, q.value, q.value_high, q.low, q.high) == ("between", 5e6, 6e6, 5e6, 6e6)
    assert only("1,500-2,000 troops").value_high == 2_000


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("tens of thousands of people", 20_000, 99_999),
        ("thousands of troops", 2_000, 9_999),
        ("hundreds of soldiers", 200, 999),
        ("a few hundred soldiers", 200, 500),
    ],
)
def test_vague_amounts_are_intervals(text: str, low: float, high: float) -> None:
    q = only(text)
    assert (q.low, q.high, q.qualifier) == (low, high, "between")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("6,000 military engineering personnel", 6_000, "personnel"),
        ("1,000 sappers", 1_000, "sapper"),
        ("1.28 million active soldiers", 1_280_000, "soldier"),
        ("10,000 North Korean troops", 10_000, "troop"),
        ("four amphibious landing ships", 4, "ship"),
        ("1,500 of its soldiers", 1_500, "soldier"),
        ("some ten thousand troops", 10_000, "troop"),
        ("around 1.5k soldiers", 1_500, "soldier"),
        ("1.28m soldiers", 1_280_000, "soldier"),
        ("a dozen tanks", 12, "tank"),
        ("40% of voters", 40, "percent"),
        ("40 percent of voters", 40, "percent"),
        ("a $3bn deal", 3e9, "usd"),
        ("3,000 North Koreans", 3_000, "person"),
        ("over 4,000 became casualties", 4_000, "casualty"),
        # A unit of measure right after the figure is the unit, whatever noun it describes.
        ("gusts of 90 km/h", 90, "km"),
        ("90 mph gusts", 90, "mph"),
        ("a 25-year lease", 25, "year"),
        ("a 7 percent pay rise", 7, "percent"),
    ],
)
def test_the_unit_is_the_counted_noun_in_the_singular(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.value, q.unit) == (value, unit)


def test_two_figures_with_their_own_nouns() -> None:
    found = find_quantities("5,000 military construction workers and 1,000 sappers")
    assert [(q.value, q.unit) for q in found] == [(5_000, "worker"), (1_000, "sapper")]


def test_a_bare_figure_inherits_the_unit_of_its_sentence() -> None:
    found = find_quantities("10,000 troops now, up from the earlier estimate of 3,000.")
    assert [(q.value, q.unit) for q in found] == [(10_000, "troop"), (3_000, "troop")]


def test_a_bare_figure_does_not_inherit_across_sentences() -> None:
    found = find_quantities("It sent 10,000 troops. The estimate was 3,000.")
    assert found[-1].unit == ""


def test_dates_and_years_are_not_quantities() -> None:
    text = "On June 17, 2025, over 1,000 soldiers moved between January and February 2024."
    assert [q.value for q in find_quantities(text)] == [1_000]


def test_troops_and_tanks_are_different_units() -> None:
    assert only("over 1,000 tanks").unit != only("over 1,000 soldiers").unit


def test_the_seed_reports_figures() -> None:
    text = (SEEDS / "004_89461e9a168877b4.txt").read_text("utf-8")
    found = {(q.value, q.unit, q.qualifier) for q in find_quantities(text)}
    assert {
        (1_000, "soldier", "over"),
        (11_000, "soldier", "over"),
        (4_000, "casualty", "over"),
    } <= found
    text = (SEEDS / "002_f0b4e817eff53b3a.txt").read_text("utf-8")
    found = {(q.value, q.unit, q.qualifier) for q in find_quantities(text)}
    assert {
        (10_000, "troop", "about"),
        (3_000, "person", "up_to"),
        (1_280_000, "soldier", "exact"),
        (5_700_000, "reservist", "exact"),
    } <= found


@given(st.integers(min_value=2, max_value=10**7))
def test_spans_cover_the_quantity_text(value: int) -> None:
    text = f"Officials said about {value:,} soldiers left."
    q = only(text)
    assert text[q.span.start : q.span.end] == q.text
    assert q.low is not None
    assert q.high is not None
    assert q.low <= q.value <= q.high


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("the vote was pushed back by a day", 1, "day", "exact"),
        ("the ferry sank just over an hour and a half after it left", 1.5, "hour", "over"),
        ("a week of strikes closed the port", 1, "week", "exact"),
    ],
)
def test_a_span_of_time_without_a_figure_is_one(
    text: str, value: float, unit: str, qualifier: str
) -> None:
    q = only(text)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("about a quarter of the staff will go", 25, "about"),
        ("half of the voters stayed home", 50, "exact"),
        ("nearly two-thirds of the budget", 66.6667, "about"),
    ],
)
def test_a_share_of_something_is_a_percentage(text: str, value: float, qualifier: str) -> None:
    q = only(text)
    assert (q.value, q.unit, q.qualifier) == (value, "percent", qualifier)


def test_the_second_half_of_a_year_is_no_share() -> None:
    assert find_quantities("Sales rose in the second half of the year.") == []


def test_a_part_of_a_group_counts_what_the_group_counts() -> None:
    text = "Rescuers reached 9 of the 12 villages cut off by the floods."
    part, whole = find_quantities(text)[:2]
    assert (part.value, part.unit, part.unit_text) == (9, whole.unit, "villages")
    # Only "of" joins a part to its group: a figure further off borrows the unit unwritten.
    text = "Rescuers reached 9 on Monday and 12 villages by Friday."
    first = find_quantities(text)[0]
    assert (first.value, first.unit_text) == (9, "")


def test_a_figure_joined_to_a_unit_of_money_by_a_hyphen_is_in_it() -> None:
    found = only("Riders face a 45-cent fare rise.")
    assert (found.value, found.unit) == (45, "cent")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("A record crowd of 41,200 watched the final, which ended after 95 minutes.", "crowd"),
        ("The coast guard sent a fleet of 12 to the reef.", "fleet"),
    ],
)
def test_a_figure_with_no_noun_counts_the_noun_before_of(text: str, unit: str) -> None:
    assert find_quantities(text)[0].unit == unit


def test_a_measure_before_of_says_nothing_of_what_is_counted() -> None:
    # "the age of 60" and "a total of 14" fall back to the nearest figure's unit, if any.
    assert find_quantities("She retired at the age of 60.")[0].unit == ""
    assert find_quantities("A total of 14 boats and 9 crews took part.")[0].unit == "boat"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("The port expects revenue of €2.1 billion to €2.4 billion this year.", 2.1e9, 2.4e9),
        ("Fares will cost between £4 and £6 a trip.", 4, 6),
    ],
)
def test_a_range_with_its_currency_written_twice_is_one_range(
    text: str, low: float, high: float
) -> None:
    found = only(text)
    assert (found.value, found.value_high, found.qualifier) == (low, high, "between")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        # The verb's own "up": where the figure is now, not a ceiling.
        ("Bus fares will go up to $3.20 in March.", "exact"),
        ("The landslide pushed the death toll up to 14.", "exact"),
        ("The late bids brought the auction total up to £2.4 million.", "exact"),
        # A ceiling: the qualifier of the figure.
        ("The council will send up to 40 staff to the shelters.", "up_to"),
        ("The clinic raised prices by up to 10 percent.", "up_to"),
        ("The bill could rise to up to £2.4 million.", "up_to"),
        ("Repairs took up to 3 hours a house.", "up_to"),
        ("Up to 3,000 people may have to leave.", "up_to"),
    ],
)
def test_up_to_after_a_verb_of_motion_is_where_the_figure_went(text: str, qualifier: str) -> None:
    assert only(text).qualifier == qualifier


def test_over_a_duration_allows_the_stretch_itself() -> None:
    # "over two years" is the stretch the hiring runs over as often as more than two years.
    stretch = find_quantities("The trust will hire 900 nurses over two years.")
    assert [(q.value, q.qualifier, q.low) for q in stretch if q.unit == "year"] == [
        (2, "at_least", 2)
    ]
    assert only("Over 5,000 runners took part.").qualifier == "over"


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("Turnout was lower, at 41 percent, among voters aged 70 and older.", "at_least", 70, None),
        ("Children 12 and under travel free on weekends.", "up_to", None, 12),
        ("Residents aged 65 pay 20 percent less for the service.", "exact", 65, 65),
    ],
)
def test_an_age_is_no_share_of_the_figure_beside_it(
    text: str, qualifier: str, low: float | None, high: float | None
) -> None:
    ages = [q for q in find_quantities(text) if q.unit == "age"]
    assert [(a.qualifier, a.low, a.high) for a in ages] == [(qualifier, low, high)]
    assert all(q.unit != "percent" for q in ages)


def test_and_over_the_weekend_is_no_age() -> None:
    found = find_quantities("The tally reached 40 and over the weekend rose to 52 percent.")
    assert all(q.unit != "age" for q in found)


def test_fully_done_is_all_of_it() -> None:
    (whole,) = find_quantities("Service on the Kell line has been fully restored.")
    assert (whole.text, whole.value, whole.unit) == ("fully", 100, "percent")
    assert find_quantities("The mayor said she was fully aware of the risk.") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Flood warnings cover Ashby, Brent and Carlow districts.", 3, "district"),
        ("Teams from Kell, Orme, Pardoe, and Ruswick schools took part.", 4, "school"),
        ("The Hawks and the Eagles clubs met on Sunday.", 2, "club"),
    ],
)
def test_a_list_of_names_counts_them(text: str, value: float, unit: str) -> None:
    listed = [q for q in find_quantities(text) if q.unit == unit]
    assert [q.value for q in listed] == [value]


def test_names_without_a_plural_noun_after_them_are_no_count() -> None:
    assert find_quantities("Ashby, Brent and Carlow sent observers.") == []
    assert find_quantities("Officials in Ashby and Brent said the river had peaked.") == []
