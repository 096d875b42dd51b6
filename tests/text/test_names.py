"""Proper names and the subject of a sentence: what a fact is about."""

import pytest

from service.text.names import Name, capitalised_inside, find_names, mentioned, subjects


def texts(found: list[Name]) -> list[str]:
    return [n.text for n in found]


def test_runs_of_capitalised_words_are_one_name() -> None:
    found = find_names("Flooding closed the Riverside Bridge near Port Alden on Monday.")
    assert [n.text for n in found if n.sure] == ["Riverside Bridge", "Port Alden"]
    assert not found[0].sure  # "Flooding" only opens the sentence


@pytest.mark.parametrize(
    ("sentence", "sure"),
    [
        ("Councillors approved the plan.", False),  # a sentence opens with a capital anyway
        ("Velmara's council approved the plan.", True),  # possessive
        ("Orbis-7 reached orbit on Friday.", True),  # a figure in the name
        ("Greenway Trust bought the site.", True),  # two capitalised words
    ],
)
def test_a_sentence_opening_word_is_a_name_only_when_the_text_shows_it(
    sentence: str, sure: bool
) -> None:
    assert find_names(sentence)[0].sure is sure


def test_an_opening_word_seen_capitalised_elsewhere_is_a_name() -> None:
    known = capitalised_inside("Shares of Brightwell fell on Monday.")
    assert find_names("Brightwell cut its forecast.", known)[0].sure


def test_names_match_as_word_sets_and_demonyms() -> None:
    (short,) = find_names("The board of Ostrava approved it.")[:1]
    long = find_names("Ostravan Energy Group said so.")
    assert mentioned(short, long)
    storm_a = find_names("Typhoon Kalani struck.")
    storm_b = find_names("Typhoon Merrow struck.")
    assert not mentioned(storm_a[0], storm_b)


def test_the_subject_is_before_the_verb_and_outside_prepositions_and_attribution() -> None:
    sentence = "Mayor Ines Duarte opened the bridge in Port Alden, Reuters reported."
    assert texts(subjects(sentence)) == ["Mayor Ines Duarte"]
    assert subjects("The storm flooded Port Alden.") == []
    assert subjects("It was approved by Velmara.") == []
