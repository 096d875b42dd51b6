"""Spans in a browser's units: an astral character counts two UTF-16 units, others one."""

from service.text.offsets import Utf16Offsets


def test_offsets_before_an_astral_character_are_unchanged() -> None:
    offsets = Utf16Offsets("ab😀c")
    assert [offsets.at(i) for i in range(3)] == [0, 1, 2]


def test_each_astral_character_adds_one_unit_to_the_offsets_after_it() -> None:
    offsets = Utf16Offsets("a😀b😀c")
    assert [offsets.at(i) for i in range(6)] == [0, 1, 3, 4, 6, 7]


def test_text_without_astral_characters_keeps_its_offsets() -> None:
    text = "Troops – 10,000 of them – arrived in Kursk. Ёж."
    offsets = Utf16Offsets(text)
    assert [offsets.at(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
