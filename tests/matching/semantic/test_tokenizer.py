"""ASCII text takes the tokenizer's short path: it must split into the same words as the general
one (BertNormalizer + BertPreTokenizer, checked against HF `tokenizers` in test_model.py)."""

from hypothesis import given
from hypothesis import strategies as st

from service.matching.semantic.tokenizer import normalize, pre_tokenize, words_of


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_splits_into_the_words_of_the_general_path(text: str) -> None:
    # Controls, tabs and line breaks, every punctuation mark, capitals and digits included.
    assert words_of(text) == pre_tokenize(normalize(text))


def test_the_short_path_gives_what_bert_would() -> None:
    text = 'U.S. GDP\tgrew 3.5%\x07 in Q2 -- "faster" than (expected)!\r\n#Economy @user'
    assert words_of(text) == [
        *("u", ".", "s", ".", "gdp", "grew", "3", ".", "5", "%", "in", "q2", "-", "-"),
        *('"', "faster", '"', "than", "(", "expected", ")", "!", "#", "economy", "@", "user"),
    ]


def test_other_text_takes_the_general_path() -> None:
    assert words_of("Café “Zürich” — naïve") == ["cafe", "“", "zurich", "”", "—", "naive"]
