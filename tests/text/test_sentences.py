"""Sentence splitting: abbreviations, decimals, quotes, bullets, headlines, exact spans."""

import pytest

from service.text.sentences import Sentence, split_sentences


def texts(source: str, regions: list[tuple[int, int]] | None = None) -> list[str]:
    return [sentence.text for sentence in split_sentences(source, regions)]


def test_a_dot_after_a_title_abbreviation_does_not_end_the_sentence() -> None:
    source = "Mr. Smith met Gen. Lee and Lt. Col. Park. Dr. Kim was absent."
    assert texts(source) == ["Mr. Smith met Gen. Lee and Lt. Col. Park.", "Dr. Kim was absent."]


def test_initials_stay_inside_the_name() -> None:
    assert texts("J. R. Smith wrote the report. It was long.") == [
        "J. R. Smith wrote the report.",
        "It was long.",
    ]


def test_dotted_abbreviation_splits_only_before_a_sentence_starter() -> None:
    source = "U.S. President Biden spoke in the U.S. The talks ended, e.g. on trade."
    assert texts(source) == [
        "U.S. President Biden spoke in the U.S.",
        "The talks ended, e.g. on trade.",
    ]


def test_month_and_number_abbreviations_before_digits_hold_together() -> None:
    assert texts("Troops left on Jan. 5 and Item No. 7 was sold. Vol. 2 follows.") == [
        "Troops left on Jan. 5 and Item No. 7 was sold.",
        "Vol. 2 follows.",
    ]


def test_etc_at_the_end_of_a_sentence_ends_it() -> None:
    assert texts("They sold tanks, guns, etc. These arrived in May.") == [
        "They sold tanks, guns, etc.",
        "These arrived in May.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea has 1.28 million active soldiers.",
        "The deal was worth $3.5bn in total.",
        "Inflation rose to 2.7% in the first quarter.",
    ],
)
def test_decimal_points_never_split(sentence: str) -> None:
    assert texts(f"{sentence} Next sentence here.") == [sentence, "Next sentence here."]


def test_a_sentence_ending_inside_closing_quotes_ends_after_the_quote() -> None:
    source = "He said, \"It is over.\" Then he left. She called it 'final.' Nobody agreed."
    assert texts(source) == [
        'He said, "It is over."',
        "Then he left.",
        "She called it 'final.'",
        "Nobody agreed.",
    ]


def test_a_quoted_question_followed_by_lower_case_continues() -> None:
    assert texts("“Is it over?” she asked. He nodded.") == [
        "“Is it over?” she asked.",
        "He nodded.",
    ]


def test_an_ellipsis_ends_a_sentence_only_before_a_capital() -> None:
    source = "He met Putin…to discuss arms. They waited... Nothing came."
    assert texts(source) == ["He met Putin…to discuss arms.", "They waited...", "Nothing came."]


def test_each_bullet_item_is_a_sentence_without_its_marker() -> None:
    source = (
        "Key points:\n• Troops were sent\n- Tanks followed.\n* Ships too\n1. Planes left.\n2) Done"
    )
    assert texts(source) == [
        "Key points:",
        "Troops were sent",
        "Tanks followed.",
        "Ships too",
        "Planes left.",
        "Done",
    ]


def test_a_headline_line_without_punctuation_is_its_own_sentence() -> None:
    source = "Strengthening Ties\nThe treaty was signed in June. It took effect later."
    assert texts(source) == [
        "Strengthening Ties",
        "The treaty was signed in June.",
        "It took effect later.",
    ]


def test_hard_wrapped_lines_are_joined_into_one_sentence() -> None:
    source = "The troops were sent to the\nborder on Monday, officials\nsaid. Talks went on."
    assert texts(source) == [
        "The troops were sent to the\nborder on Monday, officials\nsaid.",
        "Talks went on.",
    ]


def test_a_blank_line_ends_a_sentence_even_without_punctuation() -> None:
    assert texts("First part without a stop\n\nsecond part") == [
        "First part without a stop",
        "second part",
    ]


def test_cjk_terminators_end_sentences_without_whitespace() -> None:
    assert texts("北朝鮮は兵士を送った。本当か？はい！") == [
        "北朝鮮は兵士を送った。",
        "本当か？",
        "はい！",
    ]


def test_windows_line_breaks_are_line_breaks() -> None:
    assert texts("Title Line\r\nBody text ends here.\r\n\r\nLast") == [
        "Title Line",
        "Body text ends here.",
        "Last",
    ]


def test_spans_slice_the_source_back_and_text_is_stripped() -> None:
    source = "  \u200bFirst one.   Second one!\n\n  • Third item  \n"
    sentences = split_sentences(source)
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third item"]
    for sentence in sentences:
        assert source[sentence.start : sentence.end] == sentence.text


def test_punctuation_only_pieces_are_not_sentences() -> None:
    assert texts("--- \n ... \n*** \nReal text.") == ["Real text."]


def test_regions_limit_where_sentences_are_found() -> None:
    source = "Drop this. Keep this one. Drop that."
    start = source.index("Keep")
    end = source.index(" Drop that")
    assert split_sentences(source, [(start, end)]) == [
        Sentence(text="Keep this one.", start=start, end=end)
    ]


def test_overlapping_or_out_of_range_regions_never_repeat_or_fail() -> None:
    source = "One sentence here. Two sentences here."
    sentences = split_sentences(source, [(0, 25), (5, 100), (-3, 2)])
    assert [s.text for s in sentences] == ["One sentence here.", "Two sentences here."]
