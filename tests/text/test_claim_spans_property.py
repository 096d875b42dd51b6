"""Whatever the input, spans slice the verbatim text back out and nothing raises."""

from hypothesis import given, settings
from hypothesis import strategies as st

from service.text.claims import checkworthy_sentences, extract_claims
from service.text.clean import article_regions
from service.text.sentences import split_sentences

# Any code point but lone surrogates (text decoded from JSON cannot hold them), weighted towards
# what breaks text code.
LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x85", "\x00", "\t"]
INVISIBLE_AND_COMBINING = ["\u00a0", "\u200b", "\ufeff", "\u200f", "\u0301", "\u0308"]
SCRIPTS_AND_EMOJI = ["🇰🇷", "👩\u200d👩\u200d👧", "مرحبا", "שלום", "北朝鮮。", "！", "？"]
PUNCTUATION = [". ", "... ", "…", '"', "“", "”", "'", "’", "(", ")", "• ", "- ", "* ", "1. ", "a) "]
ABBREVIATIONS_AND_FIGURES = ["Mr. ", "U.S. ", "J. ", "1.28 million ", "6,000 ", " on June 4"]
PAGE_FURNITURE = ["Share on Twitter\n", "Comments\n", "We use cookies.\n", "0\n", "Related\n"]
CLAIM_WORDS = ["The NIS said ", "troops were sent to Russia"]
TRICKY = [
    *LINE_BREAKS,
    *INVISIBLE_AND_COMBINING,
    *SCRIPTS_AND_EMOJI,
    *PUNCTUATION,
    *ABBREVIATIONS_AND_FIGURES,
    *PAGE_FURNITURE,
    *CLAIM_WORDS,
]
text_pieces = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12),
    st.sampled_from(TRICKY),
)
texts = st.lists(text_pieces, max_size=40).map("".join)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_extracted_claims_slice_back_out_of_the_text(text: str) -> None:
    for claim in extract_claims(text, min_checkworthiness=0.0):
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert 0.0 <= claim.checkworthiness <= 1.0


@given(texts)
@settings(max_examples=300, deadline=None)
def test_draft_sentences_slice_back_out_of_the_text(text: str) -> None:
    for claim in checkworthy_sentences(text):
        assert text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.checkworthiness <= 1.0


@given(texts)
@settings(max_examples=300, deadline=None)
def test_sentences_are_ordered_disjoint_stripped_slices(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end


@given(texts, st.lists(st.tuples(st.integers(-5, 600), st.integers(-5, 600)), max_size=5))
@settings(max_examples=200, deadline=None)
def test_sentences_of_any_regions_stay_inside_them(
    text: str, regions: list[tuple[int, int]]
) -> None:
    covered = {index for start, end in regions for index in range(start, end)}
    for sentence in split_sentences(text, regions):
        assert text[sentence.start : sentence.end] == sentence.text
        assert covered.issuperset(range(sentence.start, sentence.end))


@given(texts)
@settings(max_examples=200, deadline=None)
def test_article_regions_are_ordered_disjoint_and_inside_the_text(text: str) -> None:
    previous_end = -1
    for start, end in article_regions(text):
        assert previous_end < start < end <= len(text)
        previous_end = end
