"""Many fixed phrases found in one pass: whole words, any case, any run of spaces between."""

from service.text.phrases import PhraseIndex, positions_of, words_of


def test_words_are_split_once_with_their_offsets_and_lower_case_forms() -> None:
    words = words_of("Troops arrived in Kursk")
    assert words.lowers == ("troops", "arrived", "in", "kursk")
    assert [(s, e) for s, e in zip(words.starts, words.ends, strict=True)] == [
        (0, 6),
        (7, 14),
        (15, 17),
        (18, 23),
    ]


def test_positions_are_the_indexes_of_the_words_asked_for() -> None:
    words = words_of("Troops arrived in Kursk on Monday and left on Friday")
    assert positions_of(words, {"kursk", "friday"}) == [3, 9]
    assert positions_of(words, {"paris"}) == []


def test_a_phrase_matches_in_any_case_with_any_spaces_between_its_words() -> None:
    index = PhraseIndex(["according to"])
    found = [m.group(0) for m in index.finditer("ACCORDING  to officials")]
    assert found == ["ACCORDING  to"]


def test_a_star_stands_for_any_form_of_be() -> None:
    index = PhraseIndex(["* expected to"])
    text = "Troops are expected to arrive; the ship was expected to dock."
    assert [m.group(0) for m in index.finditer(text)] == ["are expected to", "was expected to"]


def test_a_word_glued_to_the_one_before_is_not_a_phrase() -> None:
    index = PhraseIndex(["according to"])
    assert list(index.finditer("well-according to")) == []
    assert list(index.finditer("accordingly to")) == []
