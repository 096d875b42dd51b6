"""find_ordinals: the ordinal and the noun it ranks."""

from service.text.ordinals import find_ordinals


def pairs(text: str) -> list[tuple[int, str]]:
    return [(o.value, o.noun) for o in find_ordinals(text)]


def test_ordinals_bind_to_their_noun() -> None:
    assert pairs("He arrived for the second time in two weeks") == [(2, "time")]
    assert pairs("Shoigu's second trip to North Korea") == [(2, "trip")]
    assert pairs("transported in the first phase of deployment") == [(1, "phase")]
    assert pairs("his 3rd visit") == [(3, "visit")]


def test_an_ordinal_without_a_noun_keeps_its_value() -> None:
    assert pairs("the visit marks the third in nearly three months") == [(3, "")]


def test_first_and_second_visit_differ() -> None:
    assert pairs("first visit") != pairs("second visit")


def test_ordinals_inside_skipped_spans_are_left_out() -> None:
    text = "in the first week of February"
    assert find_ordinals(text, skip=[(3, len(text))]) == []


def test_spans_match_the_text() -> None:
    text = "The second official visit began."
    (ordinal,) = find_ordinals(text)
    assert text[ordinal.span.start : ordinal.span.end] == ordinal.text == "second official visit"


def test_a_compound_ranks_the_word_it_is_glued_to() -> None:
    (quarter,) = find_ordinals("Velta posted third-quarter sales of $2 billion.")
    assert (quarter.value, quarter.noun) == (3, "quarter")


def test_superlatives_rank_like_ordinals() -> None:
    (largest,) = find_ordinals("Ghana sent the largest delegation to the summit.")
    (second,) = find_ordinals("Ghana sent the second-largest delegation to the summit.")
    (spaced,) = find_ordinals("Ghana sent the second largest delegation to the summit.")
    assert (largest.value, largest.noun) == (1, "largest")
    assert (second.value, second.noun) == (2, "largest")
    assert (spaced.value, spaced.noun) == (2, "largest")
    # A word ending in -est is no superlative unless it is one.
    assert find_ordinals("The protest drew the interest of the press.") == []
