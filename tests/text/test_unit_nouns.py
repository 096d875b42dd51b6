"""The unit noun a figure counts, and a currency written before it."""

from service.text.unit_nouns import canonical_unit, currency_before, singular, unit_after


def unit(text: str, figure: str, value: float) -> str | None:
    found = unit_after(text, text.index(figure) + len(figure), value, [])
    return None if found is None else found.unit


def test_the_first_plural_word_after_a_count_is_its_unit() -> None:
    assert (
        unit("North Korea sent 10,000 North Korean troops to Russia", "10,000", 10_000) == "troop"
    )
    assert unit("Over 4,000 became casualties", "4,000", 4_000) == "casualty"


def test_a_noun_without_a_plural_form_is_the_unit_when_no_word_is_plural() -> None:
    assert unit("It sent 6,000 military engineering personnel", "6,000", 6_000) == "personnel"


def test_a_unit_of_measure_right_after_the_figure_wins() -> None:
    assert unit("winds of 105 mph hit the coast", "105", 105) == "mph"


def test_plurals_and_units_are_read_in_one_canonical_form() -> None:
    assert singular("casualties") == "casualty"
    assert singular("troops") == "troop"
    assert canonical_unit("kilometres") == "km"


def test_a_currency_sign_before_a_figure_is_its_currency() -> None:
    assert currency_before("It cost $40 million", 9) == ("usd", 8)
    assert currency_before("It cost 40 million", 8) is None
