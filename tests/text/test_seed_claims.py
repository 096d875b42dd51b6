"""The five seed reports: their figure sentences become claims, their page furniture does not."""

from functools import cache
from pathlib import Path

import pytest

from service.text.claims import ExtractedClaim, extract_claims
from service.text.clean import article_regions
from service.text.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@cache
def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@cache
def claims_of(prefix: str) -> tuple[ExtractedClaim, ...]:
    return tuple(extract_claims(seed(prefix)))


def all_claim_texts() -> list[str]:
    return [
        claim.text for prefix in ("000", "001", "002", "003", "004") for claim in claims_of(prefix)
    ]


@pytest.mark.parametrize(
    ("prefix", "fragments"),
    [
        ("000", ["North Korea to send 6,000 military engineers to Russia."]),
        ("000", ["Troops comprise 5,000 construction workers and 1,000 sappers."]),
        ("000", ["approximately 6,000 military engineering personnel"]),
        ("000", ["second time in under two weeks"]),
        ("001", ["summit meeting with President Vladimir Putin on September 13"]),
        ("001", ["On September 10, he boarded the train"]),
        ("001", ["some 50,000 soldiers may be dispatched"]),
        ("001", ["North Korean workers are punctual and serious."]),
        ("002", ["The NIS says", "around 10,000 troops"]),
        ("002", ["approximately 1,500 North Korean soldiers were transported in the first phase"]),
        ("002", ["up to 3,000"]),
        ("002", ["1.28 million active soldiers", "about 600,000 reservists", "5.7 million"]),
        ("002", ["from October 8 to 13"]),
        ("003", ["approximately 10,000", "earlier estimate of 3,000"]),
        ("003", ["restrictions on mobile phone use"]),
        ("004", ["over 11,000", "over 4,000 suffering casualties"]),
        ("004", ["over 1,000 soldiers to Russia between January and February"]),
        ("004", ["announced on February 27th"]),
    ],
)
def test_figure_sentences_of_the_seeds_are_claims(prefix: str, fragments: list[str]) -> None:
    assert any(all(f in claim.text for f in fragments) for claim in claims_of(prefix)), fragments


@pytest.mark.parametrize(
    "boilerplate",
    [
        "cookie",
        "Consent",
        "Always Active",
        "Share on",
        "PHOTO",
        "Photo Gallery",
        "Photo Selection",
        "best photos",
        "Related Articles",
        "Related Sources",
        "Read more",
        "Views:",
        "发表回复",
        "邮箱地址",
        "必填项",
        "Comments",
        "Manbilas Singh",
        "talented writer",
        "music aficionado",
        "FRIDAY DIGITAL",
    ],
)
def test_no_seed_claim_contains_boilerplate(boilerplate: str) -> None:
    assert not [text for text in all_claim_texts() if boilerplate in text]


@pytest.mark.parametrize(
    "not_a_claim",
    [
        "Is North Korea Dispatching 6,000 Military Engineers to Russia?",
        "Synopsis",
        "Key Takeaways",
        "Strengthening Ties",
        "Mass Recruitment in North Korea",
        "Naturally, they are talking.",
    ],
)
def test_questions_labels_and_headings_of_the_seeds_are_not_claims(not_a_claim: str) -> None:
    assert not_a_claim not in all_claim_texts()


def test_a_title_line_is_a_sentence_of_its_own() -> None:
    text = seed("000")
    sentences = split_sentences(text, article_regions(text))
    assert sentences[0].text == "Is North Korea Dispatching 6,000 Military Engineers to Russia?"
    headings = {sentence.text for sentence in split_sentences(seed("002"))}
    assert {"Strengthening Ties", "Mass Recruitment in North Korea"} <= headings


def test_the_cookie_banner_of_seed_004_goes_and_the_article_after_it_stays() -> None:
    text = seed("004")
    first_start, _ = article_regions(text)[0]
    assert text[first_start:].startswith("Seoul, South Korea")
    assert claims_of("004")[0].text.startswith("Seoul, South Korea")


def test_the_headline_printed_twice_in_seed_001_is_one_claim() -> None:
    headlines = [c for c in claims_of("001") if c.text.startswith("Kim Jong-Un on a visit")]
    assert len(headlines) == 1


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_claim_slices_back_out_of_the_report(prefix: str) -> None:
    text = seed(prefix)
    claims = claims_of(prefix)
    assert len(claims) >= 10
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.checkworthiness <= 1.0
    assert [claim.start for claim in claims] == sorted(claim.start for claim in claims)
