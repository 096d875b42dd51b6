"""normalize, mask_numbers and canonical_entities: two wordings of one fact index alike."""

from hypothesis import example, given
from hypothesis import strategies as st

from service.text.normalize import canonical_entities, mask_numbers, normalize


def test_capital_and_number_words_become_canonical_tokens() -> None:
    out = normalize("Pyongyang has decided to send some ten thousand troops")
    assert "north korea" in out
    assert "10000" in out


def test_every_number_format_becomes_plain_digits() -> None:
    for written in ("10,000", "10 000", "10k", "ten thousand", "10 thousand"):
        assert normalize(f"{written} troops") == "10000 troops"
    for written in ("1.28 million", "1.28m", "1,280,000"):
        assert normalize(f"{written} soldiers") == "1280000 soldiers"


def test_aliases_of_one_country_agree() -> None:
    forms = ["North Korea", "DPRK", "N. Korea", "Pyongyang", "North Korean", "North Koreans"]
    assert {normalize(f) for f in forms} == {"north korea"}
    assert {normalize(f) for f in ("Moscow", "the Kremlin", "Russian")} <= {
        "russia",
        "the russia",
    }
    assert normalize("Kyiv") == normalize("Kiev") == normalize("Ukrainian") == "ukraine"
    assert normalize("Seoul") == normalize("ROK") == "south korea"


def test_acronyms_that_are_words_only_match_in_capitals() -> None:
    assert normalize("the US told us") == "the united states told us"


def test_organisations_have_one_name() -> None:
    assert normalize("National Intelligence Service") == normalize("NIS") == "nis"
    assert normalize("the UN") == normalize("the United Nations") == "the united nations"


def test_people_names_agree_across_spellings() -> None:
    assert normalize("Kim Jong-un") == normalize("Kim Jong Un") == "kim jong un"


def test_quotes_dashes_possessives_and_punctuation_fold_away() -> None:
    assert normalize("Russia’s “special” force—ready!") == "russia special force ready"
    assert normalize("Shoigu's visit") == "shoigu visit"


def test_percent_sign_and_word_index_alike() -> None:
    assert normalize("40%") == normalize("40 percent") == normalize("40 per cent") == "40 percent"


def test_decimal_points_survive_punctuation_removal() -> None:
    assert normalize("rose 1.5 percent.") == "rose 1.5 percent"


def test_mask_numbers_hides_figures_only() -> None:
    assert mask_numbers(normalize("about 1.5k of 10,000 troops in 2024")) == (
        "about # of # troops in #"
    )


def test_canonical_entities_gives_spans_in_the_original_text() -> None:
    text = "South Korea’s National Intelligence Service (NIS) said the U.S. knew"
    found = canonical_entities(text)
    assert [c for c, _, _ in found] == ["south korea", "nis", "nis", "united states"]
    assert [text[s:e] for _, s, e in found] == [
        "South Korea",
        "National Intelligence Service",
        "NIS",
        "U.S.",
    ]


def test_longest_alias_wins() -> None:
    assert [c for c, _, _ in canonical_entities("South Korean and North Korean troops")] == [
        "south korea",
        "north korea",
    ]


@given(st.text(max_size=80))
@example("¼00")  # "1⁄400": the fraction slash becomes a space, and "1 400" reads as 1,400
@example(".00")  # the dot goes, and "00" reads as 0
def test_normalize_is_idempotent_and_lower_case(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.casefold()
